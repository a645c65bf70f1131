package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.ProgQueryResult;
import dev.ebld.loader.kernel.ProgType;
import java.util.Optional;

/**
 * Attaching to device hooks without a link: {@code BPF_PROG_ATTACH}/{@code DETACH}/{@code QUERY}
 * on tcx (tcx_prog_attach and friends over {@link Mprog}), and the netlink XDP attach with its
 * policy flags (net/core/dev.c's dev_xdp_attach), which links must respect as well.
 */
final class HookAttach {
    /** XDP_FLAGS_UPDATE_IF_NOEXIST. */
    static final int XDP_FLAGS_UPDATE_IF_NOEXIST = 1;
    /** XDP_FLAGS_SKB_MODE, DRV_MODE and HW_MODE. */
    static final int XDP_FLAGS_MODES = 2 | 4 | 8;
    /** XDP_FLAGS_REPLACE. */
    static final int XDP_FLAGS_REPLACE = 16;

    private HookAttach() {
    }

    static void requireNetAdmin(SimProcess proc) {
        if (!proc.netAdminCapable()) {
            throw new KernelException(Errno.EPERM, "attaching to a network device needs"
                    + " CAP_NET_ADMIN");
        }
    }

    // --- tcx through bpf_mprog. ---

    static void progAttach(SimProcess proc, ProgAttachAttr a) {
        requireNetAdmin(proc);
        SimKernel k = proc.kernel();
        Mprog hook = k.device(a.ifindex()).tcx(a.attachType());
        SimProg prog = proc.prog(a.prog().orElseThrow(() -> new KernelException(Errno.EBADF,
                "BPF_PROG_ATTACH needs a program")));
        MprogOpts o = a.mprog();
        if (prog.type != ProgType.SCHED_CLS || (o.flags() & ~MprogOpts.MASK) != 0) {
            throw new KernelException(Errno.EINVAL, "tcx takes SCHED_CLS programs and only"
                    + " bpf_mprog flags");
        }
        SimProg old = null;
        if ((o.flags() & MprogOpts.F_REPLACE) != 0) {
            old = proc.prog(a.replaceProg().orElseThrow(() -> new KernelException(Errno.EBADF,
                    "BPF_F_REPLACE needs replace_bpf_fd")));
            if (old.type != prog.type) {
                throw new KernelException(Errno.EINVAL, "the program to replace is not a "
                        + prog.type + " program");
            }
        }
        SimProg replaced = hook.attach(prog, null, old, o.flags(),
                () -> relative(proc, o.flags() & ~MprogOpts.F_REPLACE, o.relative(), prog.type),
                o.expectedRevision());
        prog.hold();
        if (replaced != null) {
            replaced.put(k);
        }
    }

    static void progDetach(SimProcess proc, ProgAttachAttr a) {
        requireNetAdmin(proc);
        SimKernel k = proc.kernel();
        Mprog hook = k.device(a.ifindex()).tcx(a.attachType());
        Optional<SimProg> prog = a.prog().map(proc::prog);
        MprogOpts o = a.mprog();
        if ((o.flags() & ~MprogOpts.MASK) != 0) {
            throw new KernelException(Errno.EINVAL, "unknown bpf_mprog flags");
        }
        Mprog.Tuple gone = hook.detach(new Mprog.Tuple(prog.orElse(null), null), o.flags(),
                () -> relative(proc, o.flags(), o.relative(), prog.map(p -> p.type).orElse(null)),
                o.expectedRevision());
        gone.prog().put(k);
    }

    static ProgQueryResult query(SimProcess proc, dev.ebld.loader.kernel.Ifindex idx,
            AttachType type) {
        requireNetAdmin(proc);
        if (type == AttachType.XDP) {
            throw new KernelException(Errno.EINVAL, "BPF_PROG_QUERY has no XDP hook: XDP is"
                    + " queried through netlink (SimProcess.xdpQuery)");
        }
        return proc.kernel().device(idx).tcx(type).query();
    }

    /**
     * bpf_mprog_tuple_relative: the program (and link) a directive is relative to, by fd or, with
     * BPF_F_ID, by id. An id needs no CAP_SYS_ADMIN here: it never becomes an fd (seed 001).
     */
    static Mprog.Tuple relative(SimProcess proc, int flags, int relative, ProgType type) {
        boolean byId = (flags & MprogOpts.F_ID) != 0;
        if ((flags & MprogOpts.F_LINK) != 0) {
            if (!byId && relative == 0) {
                throw new KernelException(Errno.EINVAL, "BPF_F_LINK needs a relative link");
            }
            SimLink link = byId ? (SimLink) byId(proc, Fd.Kind.LINK, relative)
                    : proc.link(new dev.ebld.loader.kernel.LinkFd(relative));
            checkType(link.prog, type);
            return new Mprog.Tuple(link.prog, link);
        }
        if (!byId && relative == 0) {
            return Mprog.Tuple.NONE;
        }
        SimProg prog = byId ? (SimProg) byId(proc, Fd.Kind.PROG, relative)
                : proc.prog(new dev.ebld.loader.kernel.ProgFd(relative));
        checkType(prog, type);
        return new Mprog.Tuple(prog, null);
    }

    private static KernelObject byId(SimProcess proc, Fd.Kind kind, int id) {
        if (id <= 0) {
            throw new KernelException(Errno.ENOENT, "no " + kind.name().toLowerCase() + " id " + id);
        }
        return proc.kernel().byId(new ObjectId(kind, id)).orElseThrow(() -> new KernelException(
                Errno.ENOENT, "no " + kind.name().toLowerCase() + " id " + id));
    }

    private static void checkType(SimProg p, ProgType type) {
        if (type != null && p.type != type) {
            throw new KernelException(Errno.EINVAL, "relative program " + p.name + " is a "
                    + p.type + " program, not " + type);
        }
    }

    // --- XDP, as dev_xdp_attach. ---

    /** The checks a link attach to the XDP hook passes (dev_xdp_attach with a link). */
    static void checkXdpLinkAttach(SimDevice dev, SimProg prog, int flags) {
        if ((flags & ~XDP_FLAGS_MODES) != 0) {
            throw new KernelException(Errno.EINVAL, "Invalid XDP flags for BPF link attachment");
        }
        checkModes(flags);
        if (dev.xdpLink != null) {
            throw new KernelException(Errno.EBUSY, "Can't replace active BPF XDP link");
        }
        if (dev.xdpProg != null) {
            throw new KernelException(Errno.EBUSY, "Can't replace active XDP program with BPF link");
        }
        checkXdpProg(prog);
    }

    /**
     * The netlink XDP attach ({@code IFLA_XDP_FD} with {@code IFLA_XDP_EXPECTED_FD}): installs
     * {@code prog}, or with none removes the current program.
     */
    static void xdpAttach(SimProcess proc, SimDevice dev, Optional<SimProg> prog, int flags,
            Optional<SimProg> expected) {
        requireNetAdmin(proc);
        if ((flags & ~(XDP_FLAGS_MODES | XDP_FLAGS_UPDATE_IF_NOEXIST | XDP_FLAGS_REPLACE)) != 0) {
            throw new KernelException(Errno.EINVAL, "unknown XDP flags");
        }
        checkModes(flags);
        SimProg cur = dev.xdpProg;
        if (dev.xdpLink != null) {
            throw new KernelException(Errno.EBUSY, "Can't replace active BPF XDP link");
        }
        if ((flags & XDP_FLAGS_REPLACE) != 0 && cur != expected.orElse(null)) {
            throw new KernelException(Errno.EEXIST, "Active program does not match expected");
        }
        if (prog.isPresent()) {
            if ((flags & XDP_FLAGS_UPDATE_IF_NOEXIST) != 0 && cur != null) {
                throw new KernelException(Errno.EBUSY, "XDP program already attached");
            }
            checkXdpProg(prog.get());
        }
        SimProg next = prog.orElse(null);
        if (next == cur) {
            return;
        }
        if (next != null) {
            next.hold();
        }
        dev.xdpProg = next;
        if (cur != null) {
            cur.put(proc.kernel());
        }
    }

    private static void checkModes(int flags) {
        if (Integer.bitCount(flags & XDP_FLAGS_MODES) > 1) {
            throw new KernelException(Errno.EINVAL, "Only one XDP mode flag can be set");
        }
        if ((flags & 8) != 0) {
            throw new KernelException(Errno.EOPNOTSUPP, "Underlying driver does not support XDP"
                    + " in hardware offload mode (the simulated devices have one XDP hook)");
        }
    }

    private static void checkXdpProg(SimProg prog) {
        if (prog.type != ProgType.XDP) {
            throw new KernelException(Errno.EINVAL, "program " + prog.name + " is a " + prog.type
                    + " program, not XDP");
        }
        if (prog.expectedAttachType.filter(t -> t == AttachType.XDP_DEVMAP).isPresent()) {
            throw new KernelException(Errno.EINVAL, "Can't attach DEVMAP XDP program to device");
        }
        if (prog.expectedAttachType.filter(t -> t == AttachType.XDP_CPUMAP).isPresent()) {
            throw new KernelException(Errno.EINVAL, "Can't attach CPUMAP XDP program to device");
        }
    }
}
