package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.HelperIds;
import dev.ebld.loader.interp.HelperTable;
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
 * reads or writes outside the regions its pointer arguments lie in. The set is one
 * {@link HelperTable}: the loader accepts exactly the helpers a run can reach.
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
    /** XDP_ABORTED | XDP_DROP | XDP_PASS | XDP_TX: a redirect_map miss answers with these bits. */
    private static final long XDP_ACTION_MASK = 3;

    private final SimKernel kernel;
    private final java.util.SplittableRandom random = new java.util.SplittableRandom(0x5eed);
    private final HelperTable table = HelperTable.builder("the simulated kernel")
            .add(HelperIds.MAP_LOOKUP_ELEM, SimHelpers::mapLookup)
            .add(HelperIds.MAP_UPDATE_ELEM, SimHelpers::mapUpdate)
            .add(HelperIds.MAP_DELETE_ELEM, SimHelpers::mapDelete)
            .add(HelperIds.KTIME_GET_NS, (st, pc) -> kernel().clock().getAsLong())
            .add(HelperIds.TRACE_PRINTK, (st, pc) -> kernel().tracePrintk(
                    TracePrintk.format(st.space(), st.regs(), pc)))
            .add(HelperIds.GET_PRANDOM_U32, (st, pc) -> random.nextInt() & 0xffff_ffffL)
            .add(HelperIds.GET_SMP_PROCESSOR_ID, (st, pc) -> env(st).cpu)
            .add(HelperIds.GET_CURRENT_PID_TGID, (st, pc) -> kernel().currentPidTgid())
            .add(HelperIds.REDIRECT, (st, pc) -> redirect(env(st), st.regs()[1], st.regs()[2]))
            .add(HelperIds.REDIRECT_MAP, SimHelpers::redirectMap)
            .add(HelperIds.PERF_EVENT_OUTPUT, (st, pc) -> output(st, false, pc))
            .add(HelperIds.RINGBUF_OUTPUT, (st, pc) -> output(st, true, pc))
            .add(HelperIds.XDP_ADJUST_HEAD, (st, pc) -> PacketAdjust.head(env(st), (int) st.regs()[2]))
            .add(HelperIds.XDP_ADJUST_META, (st, pc) -> PacketAdjust.meta(env(st), (int) st.regs()[2]))
            .add(HelperIds.XDP_ADJUST_TAIL, (st, pc) -> PacketAdjust.tail(env(st), (int) st.regs()[2]))
            .add(HelperIds.SPIN_LOCK, (st, pc) -> spinLock(st.space(), st.regs()[1], true, pc))
            .add(HelperIds.SPIN_UNLOCK, (st, pc) -> spinLock(st.space(), st.regs()[1], false, pc))
            .add(HelperIds.PROBE_READ_KERNEL, (st, pc) -> probeRead(st.space(), st.regs()[1],
                    st.regs()[2], st.regs()[3], pc))
            .add(HelperIds.PROBE_READ_KERNEL_STR, (st, pc) -> probeReadStr(st.space(),
                    st.regs()[1], st.regs()[2], st.regs()[3], pc))
            .add(HelperIds.GET_CURRENT_TASK, (st, pc) -> kernel().currentTaskAddress())
            .add(HelperIds.RINGBUF_RESERVE, (st, pc) -> st.regs()[3] != 0 ? 0
                    : ringbuf(st.space(), st.regs()[1], pc).reserve(st.regs()[2]))
            .add(HelperIds.RINGBUF_SUBMIT, (st, pc) -> finishRecord(st.space(), st.regs()[1],
                    true, pc))
            .add(HelperIds.RINGBUF_DISCARD, (st, pc) -> finishRecord(st.space(), st.regs()[1],
                    false, pc))
            .build();

    SimHelpers(SimKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public HelperTable table() {
        return table;
    }

    /** The kernel, for the table's lambdas (a blank final field they may not name directly). */
    private SimKernel kernel() {
        return kernel;
    }

    private static RunEnv env(RunState st) {
        return (RunEnv) st.env();
    }

    private static long mapLookup(RunState st, int pc) {
        long[] r = st.regs();
        SimMap m = map(st.space(), r[1], pc);
        return m.progLookup(st.space().read(r[2], m.attr.keySize(), pc), env(st).cpu);
    }

    private static long mapUpdate(RunState st, int pc) {
        long[] r = st.regs();
        AddressSpace mem = st.space();
        SimMap m = map(mem, r[1], pc);
        if (!m.progWritable()) {
            return EPERM;
        }
        return m.progUpdate(mem.read(r[2], m.attr.keySize(), pc),
                mem.read(r[3], m.attr.valueSize(), pc), r[4], env(st).cpu);
    }

    private static long mapDelete(RunState st, int pc) {
        long[] r = st.regs();
        SimMap m = map(st.space(), r[1], pc);
        if (!m.progWritable()) {
            return EPERM;
        }
        return m.progDelete(st.space().read(r[2], m.attr.keySize(), pc));
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
        env.redirectIndex = ifindex;
        env.redirectCpu = -1;
        env.redirectMiss = null;
        return xdp ? XDP_REDIRECT : TC_ACT_REDIRECT;
    }

    private static long redirectMap(RunState st, int pc) {
        long[] r = st.regs();
        SimMap m = map(st.space(), r[1], pc);
        if (env(st).type != ProgType.XDP || !(m instanceof RedirectMap)) {
            throw new RunFault(RunFault.Kind.BAD_HELPER, pc, "bpf_redirect_map on map "
                    + m.attr.name() + " of type " + m.type() + " from a " + env(st).type
                    + " program: the simulated kernel redirects XDP frames through a DEVMAP,"
                    + " DEVMAP_HASH, CPUMAP or XSKMAP only");
        }
        return redirectMap(env(st), m, r[2], r[3]);
    }

    /**
     * bpf_redirect_map, as filter.c's __bpf_xdp_redirect_map: flags beyond the fallback action
     * (low two bits) and the map type's own flags abort; a key whose slot is empty returns the
     * fallback action and forgets the map (a later XDP_REDIRECT goes to the last index as an
     * ifindex), unless broadcasting; otherwise the map aims the frame (a device, a CPU; every
     * device in the map when broadcasting, which {@link RunEnv#redirectIfindex} cannot name: it
     * is left 0) and the answer is XDP_REDIRECT. A miss is recorded ({@link RunEnv#redirectMiss}).
     * {@code m} is a {@link RedirectMap}.
     */
    private static long redirectMap(RunEnv env, SimMap m, long key, long flags) {
        RedirectMap map = (RedirectMap) m;
        if ((flags & ~(XDP_ACTION_MASK | map.redirectFlags())) != 0) {
            return XDP_ABORTED;
        }
        boolean broadcast = (flags & RedirectMap.BPF_F_BROADCAST) != 0;
        env.redirectIfindex = 0;
        env.redirectCpu = -1;
        env.redirectMiss = null;
        if (!map.aim(env, key) && !broadcast) {
            env.redirectIfindex = (int) env.redirectIndex;
            env.redirectMiss = new RedirectMiss(m.id(), m.attr.name(), key & 0xffff_ffffL);
            env.missAnswer = flags & XDP_ACTION_MASK;
            return env.missAnswer;
        }
        env.redirectIndex = key & 0xffff_ffffL; // the kernel's ri->tgt_index is a u32
        if (broadcast) {
            env.redirectIfindex = 0;
        }
        return XDP_REDIRECT;
    }

    /** bpf_perf_event_output(ctx, map, flags, data, size) and bpf_ringbuf_output(map, data, size, flags). */
    private static long output(RunState st, boolean ring, int pc) {
        long[] r = st.regs();
        AddressSpace mem = st.space();
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
