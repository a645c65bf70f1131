package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import java.util.Arrays;
import java.util.Optional;

/**
 * What {@code BPF_MAP_TYPE_DEVMAP} and {@code DEVMAP_HASH} share in kernel/bpf/devmap.c: a
 * value is {@code struct bpf_devmap_val}, the ifindex (value_size 4) or the ifindex and a program
 * fd written / program id read back (value_size 8); {@code __dev_map_alloc_node} turns it into a
 * device; programs read values (creation adds {@code BPF_F_RDONLY_PROG}, as dev_map_init_map)
 * and redirect through them, optionally to every device (BPF_F_BROADCAST).
 *
 * <p>Not modelled: programs in entries (a valid XDP_DEVMAP program fd with a device is
 * {@code EOPNOTSUPP} here, where the kernel would run that program before sending), and devices
 * going away (the simulated kernel cannot remove one).
 */
abstract class DeviceMap extends SimMap implements RedirectMap {
    DeviceMap(SimKernel kernel, int id, MapCreateAttr attr) {
        super(kernel, id, attr);
    }

    /** The device entry {@code key} (truncated to a u32) names, if any. */
    abstract Optional<SimDevice> device(long key);

    @Override
    public long redirectFlags() {
        return BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS;
    }

    @Override
    public boolean aim(RunEnv env, long key) {
        Optional<SimDevice> dev = device(key);
        dev.ifPresent(d -> env.redirectIfindex = d.ifindex.value());
        return dev.isPresent();
    }

    static int ifindexOf(byte[] value) {
        return (int) AddressSpace.getLe(value, 0, 4);
    }

    /**
     * __dev_map_alloc_node for a non-zero ifindex: the device (EINVAL when none has it), then
     * the program check; a program that passes is refused as not modelled.
     */
    SimDevice allocNode(int ifindex, int progFd, SimProcess caller) {
        SimDevice dev = kernel.findDevice(ifindex).orElseThrow(() -> new KernelException(
                Errno.EINVAL, "map " + attr.name() + ": no device with ifindex " + ifindex));
        if (progFd > 0) {
            checkDevmapProgram(caller, progFd);
            throw new KernelException(Errno.EOPNOTSUPP, "map " + attr.name() + ": programs in"
                    + " devmap entries (prog fd " + progFd + ") are not modelled by the simulated kernel");
        }
        return dev;
    }

    /**
     * What __dev_map_alloc_node asks of an entry's program: an XDP program loaded for
     * BPF_XDP_DEVMAP; a bad fd or any other program is EINVAL.
     */
    private void checkDevmapProgram(SimProcess caller, int fd) {
        if (!SimProg.isXdpFor(caller, fd, AttachType.XDP_DEVMAP)) {
            throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": fd " + fd
                    + " is not an XDP program loaded for BPF_XDP_DEVMAP");
        }
    }

    /** The value the kernel keeps for {@code dev} (ifindex, program id 0), written at {@code off}. */
    void putValue(byte[] values, int off, SimDevice dev) {
        Arrays.fill(values, off, off + attr.valueSize(), (byte) 0);
        AddressSpace.putLe(values, off, 4, dev.ifindex.value());
    }

    /** A read-only region over one entry's value, for program lookups. */
    Region valueRegion(String what, byte[] values, int off) {
        return kernel.space().add(Region.memory("map " + attr.name() + "[" + what + "]", values,
                off, attr.valueSize(), false));
    }

    /** Unreachable through the helpers (the map is BPF_F_RDONLY_PROG); refused as they refuse it. */
    @Override
    long progUpdate(byte[] key, byte[] value, long flags, int cpu) {
        return -Errno.EPERM.number();
    }

    @Override
    long progDelete(byte[] key) {
        return -Errno.EPERM.number();
    }
}
