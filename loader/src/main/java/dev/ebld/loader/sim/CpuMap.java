package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code BPF_MAP_TYPE_CPUMAP}, as kernel/bpf/cpumap.c: slot {@code n} (a CPU number below
 * {@code max_entries}) is empty or holds a queue to CPU {@code n}; an XDP frame redirected
 * through it is built into a socket buffer and handed to the network stack on that CPU. A value
 * is {@code struct bpf_cpumap_val}: the queue size (value_size 4), then a program fd written /
 * program id read back (value_size 8).
 *
 * <p>An update's errors come in cpu_map_update_elem's order: E2BIG past the end, EEXIST for
 * BPF_NOEXIST (slots always exist), EOVERFLOW for a queue over {@value #MAX_QSIZE}, ENODEV for a
 * CPU that is not possible; queue size 0 empties the slot. A program fd that is not an XDP
 * program loaded for BPF_XDP_CPUMAP is ENOMEM, because __cpu_map_entry_alloc turns that failure
 * into a failed allocation.
 *
 * <p>Not modelled: programs in slots (a valid XDP_CPUMAP program fd is {@code EOPNOTSUPP} here,
 * where the kernel would run it on the target CPU before building the socket buffer), and the
 * queue itself (a frame never waits or overflows: it reaches the stack at once).
 */
final class CpuMap extends QueueMap {
    /** The largest queue cpu_map_update_elem accepts. */
    static final int MAX_QSIZE = 16384;

    /** The slots' values (qsize, program id 0); qsize 0 marks an empty slot. */
    private final byte[] values;

    CpuMap(SimKernel kernel, int id, MapCreateAttr attr) {
        super(kernel, id, attr);
        this.values = new byte[Math.multiplyExact(attr.maxEntries(), attr.valueSize())];
    }

    private long qsize(int slot) {
        return AddressSpace.getLe(values, slot * attr.valueSize(), 4);
    }

    @Override
    Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        int i = arrayIndex(key);
        if (i < 0 || qsize(i) == 0) {
            return Optional.empty();
        }
        int size = attr.valueSize();
        return Optional.of(Arrays.copyOfRange(values, i * size, (i + 1) * size));
    }

    @Override
    void update(byte[] key, byte[] value, UpdateMode mode, SimProcess caller) {
        int i = slotForUpdate(key, value, mode, "cpumap slots");
        long qsize = AddressSpace.getLe(value, 0, 4);
        int progFd = progFdOf(value);
        if (qsize > MAX_QSIZE) {
            throw new KernelException(Errno.EOVERFLOW, "map " + attr.name() + ": qsize " + qsize
                    + " exceeds " + MAX_QSIZE);
        }
        if (i >= cpus) {
            throw new KernelException(Errno.ENODEV, "map " + attr.name() + ": CPU " + i
                    + " is not possible (" + cpus + " possible CPUs)");
        }
        if (qsize != 0 && progFd > 0) {
            checkCpumapProgram(caller, progFd);
        }
        int size = attr.valueSize();
        Arrays.fill(values, i * size, (i + 1) * size, (byte) 0);
        AddressSpace.putLe(values, i * size, 4, qsize);
    }

    private void checkCpumapProgram(SimProcess caller, int fd) {
        if (!SimProg.isXdpFor(caller, fd, AttachType.XDP_CPUMAP)) {
            throw new KernelException(Errno.ENOMEM, "map " + attr.name() + ": fd " + fd
                    + " is not an XDP program loaded for BPF_XDP_CPUMAP (the kernel reports the"
                    + " failed entry allocation)");
        }
        throw new KernelException(Errno.EOPNOTSUPP, "map " + attr.name() + ": programs in"
                + " cpumap slots (prog fd " + fd + ") are not modelled by the simulated kernel");
    }

    /** cpu_map_delete_elem: empties the slot; EINVAL only past the end. */
    @Override
    void delete(byte[] key) {
        int i = indexForDelete(key);
        Arrays.fill(values, i * attr.valueSize(), (i + 1) * attr.valueSize(), (byte) 0);
    }

    /** __cpu_map_lookup_elem: a slot with a queue aims the frame at its CPU. */
    @Override
    public boolean aim(RunEnv env, long key) {
        int i = arrayIndex(key);
        if (i < 0 || qsize(i) == 0) {
            return false;
        }
        env.redirectCpu = i;
        return true;
    }

    /**
     * Unreachable past the kernel's verifier, which lets programs pass a cpumap only to
     * bpf_redirect_map (check_map_func_compatibility); NULL, as no program may see a value.
     */
    @Override
    long progLookup(byte[] key, int cpu) {
        return 0;
    }
}
