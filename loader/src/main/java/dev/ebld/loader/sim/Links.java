package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.LinkUpdateAttr;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ProgType;
import java.util.Optional;

/**
 * {@code BPF_LINK_CREATE} and {@code BPF_LINK_UPDATE} (kernel/bpf/syscall.c's link_create and
 * link_update): which program types go to which target, and how each kind of link attaches. A
 * link is registered (gets its fd) only once its attachment succeeded.
 */
final class Links {
    private Links() {
    }

    static LinkFd create(SimProcess proc, LinkCreateAttr attr) {
        SimKernel k = proc.kernel();
        SimProg prog = proc.prog(attr.prog());
        SimLink link = attach(proc, prog, attr);
        return (LinkFd) proc.install(k.register(link));
    }

    private static SimLink attach(SimProcess proc, SimProg prog, LinkCreateAttr attr) {
        LinkTarget t = attr.target();
        return switch (t.kind()) {
            case DEVICE -> device(proc, prog, (LinkTarget.Device) t, attr);
            case EXTENSION -> extension(proc, prog, (LinkTarget.Extension) t);
            case RAW_TRACEPOINT -> rawTracepoint(proc.kernel(), prog, (LinkTarget.RawTracepoint) t);
        };
    }

    private static SimLink device(SimProcess proc, SimProg prog, LinkTarget.Device t,
            LinkCreateAttr attr) {
        HookAttach.requireNetAdmin(proc);
        SimKernel k = proc.kernel();
        SimDevice dev = k.device(t.ifindex());
        AttachType type = t.attachType();
        if (type == AttachType.XDP) {
            if (!attr.mprog().equals(MprogOpts.APPEND)) {
                throw new KernelException(Errno.EINVAL, "XDP links take no bpf_mprog directive");
            }
            HookAttach.checkXdpLinkAttach(dev, prog, attr.xdpFlags());
            XdpLink link = new XdpLink(k.nextId(Fd.Kind.LINK), prog, dev);
            dev.xdpLink = link;
            dev.xdpProg = prog;
            return link;
        }
        Mprog hook = dev.tcx(type);
        if (prog.type != ProgType.SCHED_CLS || attr.xdpFlags() != 0
                || (attr.mprog().flags() & ~MprogOpts.MASK) != 0) {
            throw new KernelException(Errno.EINVAL, "a tcx link needs a SCHED_CLS program and"
                    + " only bpf_mprog flags");
        }
        MprogOpts o = attr.mprog();
        TcxLink link = new TcxLink(k.nextId(Fd.Kind.LINK), prog, dev, type);
        try {
            hook.attach(prog, link, null, o.flags(), () -> HookAttach.relative(proc,
                    o.flags() & ~MprogOpts.F_REPLACE, o.relative(), prog.type), o.expectedRevision());
        } catch (KernelException e) {
            prog.put(k); // the link never existed: give back the reference it took
            throw e;
        }
        return link;
    }

    /**
     * An extension link: to the function the extension was loaded against (taking over the
     * reference the program held on it), or to another program's function, which passes the
     * same checks again but is not re-verified.
     */
    private static SimLink extension(SimProcess proc, SimProg ext, LinkTarget.Extension t) {
        SimKernel k = proc.kernel();
        if (ext.type != ProgType.EXT) {
            throw new KernelException(Errno.EINVAL, "program " + ext.name + " is not an"
                    + " extension (BPF_PROG_TYPE_EXT)");
        }
        SimProg targetProg = proc.prog(t.target());
        ExtTarget target = Freplace.target(targetProg, t.function());
        boolean loadTarget = ext.dstProg != null && ext.dstProg.prog() == targetProg
                && ext.dstProg.function().equals(t.function());
        if (!loadTarget) {
            if (targetProg.runType != ext.runType) {
                throw new KernelException(Errno.EINVAL, "Program extension of a " + ext.runType
                        + " program cannot replace a function of a " + targetProg.runType
                        + " program");
            }
            Freplace.checkMatch(target, ext.btf.orElseThrow().btf,
                    ext.funcInfo.get(0).typeId().value(), ext.pktChanging.contains(0));
        }
        if (targetProg.image.replacement(target.entrySlot()) != null) {
            throw new KernelException(Errno.EBUSY, "function " + t.function().value() + " of "
                    + targetProg.name + " is already replaced by another extension");
        }
        ExtLink link = new ExtLink(k.nextId(Fd.Kind.LINK), ext, target);
        if (ext.dstProg != null) {
            // As the kernel, the first attach ends the program's own hold on its load target.
            ext.dstProg.prog().put(k);
            ext.dstProg = null;
        }
        return link;
    }

    private static SimLink rawTracepoint(SimKernel k, SimProg prog, LinkTarget.RawTracepoint t) {
        if (prog.type != ProgType.RAW_TRACEPOINT && prog.type != ProgType.RAW_TRACEPOINT_WRITABLE) {
            throw new KernelException(Errno.EINVAL, "program " + prog.name + " of type "
                    + prog.type + " cannot attach to raw tracepoint " + t.name());
        }
        if (t.name().isEmpty()) {
            throw new KernelException(Errno.EINVAL, "raw tracepoint name is empty");
        }
        RawTpLink link = new RawTpLink(k.nextId(Fd.Kind.LINK), prog, t.name());
        k.rawTracepoints().add(link);
        return link;
    }

    /** link_update: flags, the expected old program, then the kind's update_prog. */
    static void update(SimProcess proc, LinkFd fd, LinkUpdateAttr attr) {
        SimLink link = proc.link(fd);
        if ((attr.flags() & ~LinkUpdateAttr.F_REPLACE) != 0) {
            throw new KernelException(Errno.EINVAL, "unknown link_update flags");
        }
        Optional<SimProg> expected;
        if ((attr.flags() & LinkUpdateAttr.F_REPLACE) != 0) {
            if (attr.oldProg().isEmpty()) {
                throw new KernelException(Errno.EBADF, "BPF_F_REPLACE needs old_prog_fd");
            }
            expected = Optional.of(proc.prog(attr.oldProg().get()));
        } else if (attr.oldProg().isPresent()) {
            throw new KernelException(Errno.EINVAL, "old_prog_fd given without BPF_F_REPLACE");
        } else {
            expected = Optional.empty();
        }
        link.updateProg(proc.kernel(), proc.prog(attr.newProg()), expected);
    }
}
