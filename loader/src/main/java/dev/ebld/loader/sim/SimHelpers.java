package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.HelperIds;
import dev.ebld.loader.interp.Helpers;
import dev.ebld.loader.interp.ProgramImage;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.interp.RunState;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.ProgType;

/**
 * The helpers the simulated kernel implements, with the kernel's return conventions (negative
 * errno on failure, NULL as 0). Arguments are checked against the address space: a helper never
 * reads or writes outside the regions its pointer arguments lie in.
 */
final class SimHelpers implements Helpers {
    private static final long EINVAL = -Errno.EINVAL.number();
    private static final long EFAULT = -Errno.EFAULT.number();
    /** BPF_F_RDONLY_PROG maps refuse program writes (the kernel's verifier refuses the call). */
    private static final long EPERM = -Errno.EPERM.number();
    private static final int XDP_ABORTED = 0;
    private static final int XDP_REDIRECT = 4;
    private static final int TC_ACT_SHOT = 2;
    private static final int TC_ACT_REDIRECT = 7;
    private static final int BPF_F_INGRESS = 1;

    private final SimKernel kernel;
    private final java.util.SplittableRandom random = new java.util.SplittableRandom(0x5eed);

    SimHelpers(SimKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public boolean supports(int id) {
        switch (id) {
            case HelperIds.MAP_LOOKUP_ELEM: case HelperIds.MAP_UPDATE_ELEM:
            case HelperIds.MAP_DELETE_ELEM: case HelperIds.KTIME_GET_NS:
            case HelperIds.TRACE_PRINTK: case HelperIds.GET_PRANDOM_U32:
            case HelperIds.GET_SMP_PROCESSOR_ID: case HelperIds.TAIL_CALL:
            case HelperIds.GET_CURRENT_PID_TGID: case HelperIds.REDIRECT:
            case HelperIds.PERF_EVENT_OUTPUT: case HelperIds.XDP_ADJUST_HEAD:
            case HelperIds.XDP_ADJUST_TAIL: case HelperIds.SPIN_LOCK: case HelperIds.SPIN_UNLOCK:
            case HelperIds.PROBE_READ_KERNEL: case HelperIds.PROBE_READ_KERNEL_STR:
            case HelperIds.GET_CURRENT_TASK: case HelperIds.RINGBUF_OUTPUT:
            case HelperIds.RINGBUF_RESERVE: case HelperIds.RINGBUF_SUBMIT:
            case HelperIds.RINGBUF_DISCARD: case HelperIds.LOOP:
                return true;
            default:
                return false;
        }
    }

    @Override
    public long call(int id, RunState st, int pc) {
        long[] r = st.regs();
        AddressSpace mem = st.space();
        RunEnv env = (RunEnv) st.env();
        switch (id) {
            case HelperIds.MAP_LOOKUP_ELEM: {
                SimMap m = map(mem, r[1], pc);
                return m.progLookup(mem.read(r[2], m.attr.keySize(), pc), env.cpu);
            }
            case HelperIds.MAP_UPDATE_ELEM: {
                SimMap m = map(mem, r[1], pc);
                if (!m.progWritable()) {
                    return EPERM;
                }
                return m.progUpdate(mem.read(r[2], m.attr.keySize(), pc),
                        mem.read(r[3], m.attr.valueSize(), pc), r[4], env.cpu);
            }
            case HelperIds.MAP_DELETE_ELEM: {
                SimMap m = map(mem, r[1], pc);
                if (!m.progWritable()) {
                    return EPERM;
                }
                return m.progDelete(mem.read(r[2], m.attr.keySize(), pc));
            }
            case HelperIds.KTIME_GET_NS:
                return kernel.clock().getAsLong();
            case HelperIds.TRACE_PRINTK:
                return kernel.tracePrintk(TracePrintk.format(mem, r, pc));
            case HelperIds.GET_PRANDOM_U32:
                return random.nextInt() & 0xffff_ffffL;
            case HelperIds.GET_SMP_PROCESSOR_ID:
                return env.cpu;
            case HelperIds.GET_CURRENT_PID_TGID:
                return kernel.currentPidTgid();
            case HelperIds.REDIRECT:
                return redirect(env, r[1], r[2]);
            case HelperIds.PERF_EVENT_OUTPUT:
            case HelperIds.RINGBUF_OUTPUT:
                return output(mem, r, id, pc);
            case HelperIds.XDP_ADJUST_HEAD:
                return PacketAdjust.head(env, (int) r[2]);
            case HelperIds.XDP_ADJUST_TAIL:
                return PacketAdjust.tail(env, (int) r[2]);
            case HelperIds.SPIN_LOCK:
            case HelperIds.SPIN_UNLOCK:
                return spinLock(mem, r[1], id == HelperIds.SPIN_LOCK, pc);
            case HelperIds.PROBE_READ_KERNEL:
                return probeRead(mem, r[1], r[2], r[3], pc);
            case HelperIds.PROBE_READ_KERNEL_STR:
                return probeReadStr(mem, r[1], r[2], r[3], pc);
            case HelperIds.GET_CURRENT_TASK:
                return kernel.currentTaskAddress();
            case HelperIds.RINGBUF_RESERVE:
                return r[3] != 0 ? 0 : ringbuf(mem, r[1], pc).reserve(r[2]);
            case HelperIds.RINGBUF_SUBMIT:
            case HelperIds.RINGBUF_DISCARD:
                return finishRecord(mem, r[1], id == HelperIds.RINGBUF_SUBMIT, pc);
            default:
                throw new RunFault(RunFault.Kind.BAD_HELPER, pc, "helper " + HelperIds.describe(id)
                        + " is not implemented by the simulated kernel");
        }
    }

    @Override
    public ProgramImage tailCallTarget(RunState st, long mapPtr, long index, int pc) {
        SimMap m = map(st.space(), mapPtr, pc);
        if (!(m instanceof ObjectMap)) {
            return null;
        }
        SimProg p = ((ObjectMap) m).program(index & 0xffff_ffffL);
        return p == null ? null : p.image;
    }

    private static SimMap map(AddressSpace mem, long ptr, int pc) {
        Region r = mem.regionOf(ptr);
        if (r == null || !(r.owner() instanceof SimMap) || AddressSpace.offsetOf(ptr) != 0) {
            throw new RunFault(RunFault.Kind.BAD_HELPER, pc, "map argument 0x"
                    + Long.toHexString(ptr) + " is not a map");
        }
        return (SimMap) r.owner();
    }

    private static RecordMap ringbuf(AddressSpace mem, long ptr, int pc) {
        SimMap m = map(mem, ptr, pc);
        if (!(m instanceof RecordMap)) {
            throw new RunFault(RunFault.Kind.BAD_HELPER, pc, "map " + m.attr.name()
                    + " is not a ring buffer");
        }
        return (RecordMap) m;
    }

    /** bpf_redirect: XDP_REDIRECT / TC_ACT_REDIRECT, or the abort verdict for bad flags. */
    private static long redirect(RunEnv env, long ifindex, long flags) {
        boolean xdp = env.type == ProgType.XDP;
        if (xdp ? flags != 0 : (flags & ~BPF_F_INGRESS) != 0) {
            return xdp ? XDP_ABORTED : TC_ACT_SHOT;
        }
        env.redirectIfindex = (int) ifindex;
        return xdp ? XDP_REDIRECT : TC_ACT_REDIRECT;
    }

    /** bpf_perf_event_output(ctx, map, flags, data, size) and bpf_ringbuf_output(map, data, size, flags). */
    private static long output(AddressSpace mem, long[] r, int id, int pc) {
        boolean ring = id == HelperIds.RINGBUF_OUTPUT;
        SimMap m = map(mem, ring ? r[1] : r[2], pc);
        long size = ring ? r[3] : r[5];
        if (!(m instanceof RecordMap) || size < 0 || size > Integer.MAX_VALUE) {
            return EINVAL;
        }
        return ((RecordMap) m).output(mem.read(ring ? r[2] : r[4], (int) size, pc));
    }

    private long finishRecord(AddressSpace mem, long ptr, boolean submit, int pc) {
        Region rec = mem.regionOf(ptr);
        RecordMap owner = rec == null ? null : kernel.openRecords.get(rec);
        if (owner == null || AddressSpace.offsetOf(ptr) != 0 || !owner.finish(rec, submit)) {
            throw new RunFault(RunFault.Kind.BAD_HELPER, pc, "bpf_ringbuf_"
                    + (submit ? "submit" : "discard") + ": 0x" + Long.toHexString(ptr)
                    + " is not a reserved record");
        }
        return 0;
    }

    /**
     * bpf_probe_read_kernel_str(dst, size, src): copies a NUL-terminated string of at most
     * size - 1 bytes plus the NUL; returns the bytes written including the NUL, or -EFAULT with
     * dst zeroed when src is not readable.
     */
    private static long probeReadStr(AddressSpace mem, long dst, long size, long src, int pc) {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            return size == 0 ? 0 : EINVAL;
        }
        int n = (int) size;
        mem.check(dst, n, true, pc);
        Region from = mem.regionOf(src);
        long off = AddressSpace.offsetOf(src);
        if (from == null || from.data().length == 0 || off < 0 || off >= from.size()) {
            mem.write(dst, new byte[n], pc);
            return EFAULT;
        }
        int avail = (int) Math.min(n - 1, from.size() - off);
        byte[] bytes = mem.read(src, avail, pc);
        int len = 0;
        while (len < avail && bytes[len] != 0) {
            len++;
        }
        byte[] out = java.util.Arrays.copyOf(bytes, len + 1);
        mem.write(dst, out, pc);
        return len + 1;
    }

    /** The lock word is 1 while held; taking a held lock would deadlock the kernel. */
    private static long spinLock(AddressSpace mem, long ptr, boolean lock, int pc) {
        long held = mem.load(ptr, 4, pc);
        if (lock == (held != 0)) {
            throw new RunFault(RunFault.Kind.BAD_HELPER, pc, lock ? "bpf_spin_lock on a held lock"
                    : "bpf_spin_unlock of a lock not held");
        }
        mem.store(ptr, 4, lock ? 1 : 0, pc);
        return 0;
    }

    /**
     * bpf_probe_read_kernel(dst, size, src): copies from anywhere in simulated memory; a source
     * outside it is -EFAULT with the destination zeroed, as the kernel's copy_from_kernel_nofault.
     */
    private static long probeRead(AddressSpace mem, long dst, long size, long src, int pc) {
        if (size < 0 || size > Integer.MAX_VALUE) {
            return EINVAL;
        }
        int n = (int) size;
        mem.check(dst, n, true, pc);
        Region from = mem.regionOf(src);
        long off = AddressSpace.offsetOf(src);
        if (from == null || from.data().length == 0 || off < 0 || off > from.size() - n) {
            mem.write(dst, new byte[n], pc);
            return EFAULT;
        }
        mem.write(dst, mem.read(src, n, pc), pc);
        return 0;
    }
}
