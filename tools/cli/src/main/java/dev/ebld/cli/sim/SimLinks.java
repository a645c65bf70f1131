package dev.ebld.cli.sim;

import dev.ebld.cli.sim.SimCommand.Placement;
import dev.ebld.cli.sim.SimSession.HeldLink;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.LinkUpdateAttr;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.ProgFd;
import java.util.List;
import java.util.Optional;

/** Attaching to device hooks, links (update, detach) and pins. */
final class SimLinks {
    private final SimSession s;

    SimLinks(SimSession s) {
        this.s = s;
    }

    static AttachType attachType(SimCommand.Hook hook) {
        return switch (hook) {
            case XDP -> AttachType.XDP;
            case TCX_INGRESS -> AttachType.TCX_INGRESS;
            case TCX_EGRESS -> AttachType.TCX_EGRESS;
        };
    }

    /**
     * With a link name, {@code BPF_LINK_CREATE} on the device hook; with {@code nolink},
     * {@code BPF_PROG_ATTACH}, the only form that takes {@code replace} (a link's program is
     * swapped with {@code update}).
     */
    List<String> attach(SimCommand.Attach c) {
        ProgFd prog = s.progFd(c.prog());
        Ifindex idx = s.device(c.device());
        MprogOpts mprog = mprog(c.placement());
        if (c.revision() != 0) {
            mprog = mprog.expecting(c.revision());
        }
        if (c.link().isEmpty()) {
            Optional<ProgFd> replaced = c.placement().position() == Placement.Position.REPLACE
                    ? Optional.of(s.progFd(c.placement().relativeProg().orElseThrow())) : Optional.empty();
            s.current.progAttach(new ProgAttachAttr(Optional.of(prog), idx, attachType(c.hook()), mprog,
                    replaced));
            return List.of("attached " + c.prog() + " " + c.device() + " " + hookName(c.hook()));
        }
        String name = c.link().get();
        if (c.placement().position() == Placement.Position.REPLACE) {
            throw new SimScriptException("replace needs nolink: a link's program is swapped with update");
        }
        if (s.links.containsKey(name)) {
            throw new SimScriptException("a link named '" + name + "' exists");
        }
        LinkFd link = s.current.linkCreate(new LinkCreateAttr(prog,
                new LinkTarget.Device(idx, attachType(c.hook())), mprog, 0));
        return List.of("link " + register(name, link).value() + " " + name);
    }

    private MprogOpts mprog(Placement p) {
        return switch (p.position()) {
            case APPEND -> MprogOpts.APPEND;
            case FIRST -> MprogOpts.first();
            case LAST -> MprogOpts.last();
            case BEFORE -> MprogOpts.before(relative(p));
            case AFTER -> MprogOpts.after(relative(p));
            case REPLACE -> MprogOpts.replace();
        };
    }

    private Fd relative(Placement p) {
        return p.relativeLink().isPresent() ? s.linkFd(p.relativeLink().get())
                : s.progFd(p.relativeProg().orElseThrow());
    }

    List<String> detachProg(SimCommand.DetachProg c) {
        s.current.progDetach(ProgAttachAttr.of(s.progFd(c.prog()), s.device(c.device()),
                attachType(c.hook()), MprogOpts.APPEND));
        return List.of("detached " + c.prog() + " " + c.device() + " " + hookName(c.hook()));
    }

    /**
     * Detaches the link and drops it. A device link is detached with {@code BPF_LINK_DETACH}; an
     * extension or raw tracepoint link has no detach in the kernel (EOPNOTSUPP) and goes with its
     * last reference, so it is dropped only when the session's fd is that reference.
     */
    List<String> detach(SimCommand.Detach c) {
        HeldLink held = s.link(c.link());
        LinkFd fd = s.linkFd(c.link());
        LinkInfo info = s.current.linkInfo(fd);
        boolean detachable = switch (info.type()) {
            case XDP, TCX -> true;
            case TRACING, RAW_TRACEPOINT -> false;
        };
        if (detachable) {
            s.current.linkDetach(fd);
        } else {
            int ours = s.borrowedAny() ? 2 : 1;
            int refs = s.kernel.references(info.id()).orElse(0);
            if (refs > ours) {
                throw new SimScriptException("EOPNOTSUPP: a " + info.type().name().toLowerCase()
                        + " link has no detach and goes with its last reference; " + (refs - ours)
                        + " more (a pin or another process's fd) hold it");
            }
        }
        s.links.remove(c.link());
        held.owner().close(held.fd());
        held.extension().ifPresent(LoadedObject::close);
        return List.of("detached " + c.link());
    }

    List<String> update(SimCommand.Update c) {
        LinkFd link = s.linkFd(c.link());
        ProgFd prog = s.progFd(c.prog());
        LinkUpdateAttr attr = c.expected().isPresent()
                ? LinkUpdateAttr.replacing(s.progFd(c.expected().get()), prog) : LinkUpdateAttr.to(prog);
        s.current.linkUpdate(link, attr);
        return List.of("updated " + c.link() + " to " + c.prog());
    }

    List<String> pin(SimCommand.Pin c) {
        Fd fd = c.object().contains("/") ? s.progFd(SimParser.prog(c.object())) : s.linkFd(c.object());
        s.current.objPin(fd, c.path());
        return List.of("pinned " + c.object() + " " + c.path());
    }

    List<String> unpin(SimCommand.Unpin c) {
        s.current.unpin(c.path());
        return List.of("unpinned " + c.path());
    }

    /** {@code BPF_OBJ_GET} of a pinned link, named in the current process. */
    List<String> open(SimCommand.Open c) {
        if (s.links.containsKey(c.link())) {
            throw new SimScriptException("a link named '" + c.link() + "' exists");
        }
        Fd fd = s.current.objGet(c.path());
        if (!(fd instanceof LinkFd)) {
            s.current.close(fd);
            throw new SimScriptException(c.path() + " is not a link");
        }
        return List.of("link " + register(c.link(), (LinkFd) fd).value() + " " + c.link());
    }

    private ObjectId register(String name, LinkFd link) {
        s.links.put(name, new HeldLink(s.current, link, Optional.empty()));
        ObjectId id = s.current.linkInfo(link).id();
        s.names.put(id, name);
        return id;
    }

    static String hookName(SimCommand.Hook hook) {
        return hook.name().toLowerCase();
    }
}
