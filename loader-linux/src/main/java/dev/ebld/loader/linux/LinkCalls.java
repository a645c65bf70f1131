package dev.ebld.loader.linux;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.LinkType;
import dev.ebld.loader.kernel.LinkUpdateAttr;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.ProgQueryResult;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Links and device hooks: {@code BPF_LINK_CREATE} (or {@code BPF_RAW_TRACEPOINT_OPEN} for a
 * raw tracepoint by name, which is how the kernel attaches one), update, detach, link info, and
 * the link-less {@code BPF_PROG_ATTACH}/{@code DETACH}/{@code QUERY} of tcx hooks.
 */
final class LinkCalls {
    private LinkCalls() {
    }

    static LinkFd create(FdTable fds, LinkCreateAttr a) {
        try (Arena arena = Arena.ofConfined()) {
            return switch (a.target().kind()) {
                case DEVICE -> device(fds, arena, a, (LinkTarget.Device) a.target());
                case EXTENSION -> extension(fds, arena, a, (LinkTarget.Extension) a.target());
                case RAW_TRACEPOINT -> rawTracepoint(fds, arena, a, (LinkTarget.RawTracepoint) a.target());
            };
        }
    }

    /** An XDP link takes the mode flags; a tcx link the bpf_mprog directive. */
    private static LinkFd device(FdTable fds, Arena arena, LinkCreateAttr a, LinkTarget.Device d) {
        Struct s = Struct.of(arena, LinkAttrs.LINK_CREATE).u32("prog_fd", a.prog().value())
                .u32("target_ifindex", d.ifindex().value()).u32("attach_type", d.attachType().number());
        if (d.attachType() == AttachType.XDP) {
            s.u32("flags", a.xdpFlags());
        } else {
            s.u32("flags", a.mprog().flags()).u32(LinkAttrs.TCX_RELATIVE, a.mprog().relative())
                    .u64("expected_revision", a.mprog().expectedRevision());
        }
        return link(fds, BpfCmd.LINK_CREATE, s, a.prog() + " to " + d.ifindex() + " " + d.attachType());
    }

    /** libbpf's {@code bpf_program__attach_freplace}: BPF_TRACE_FREPLACE is attach type 0. */
    private static LinkFd extension(FdTable fds, Arena arena, LinkCreateAttr a, LinkTarget.Extension e) {
        Struct s = Struct.of(arena, LinkAttrs.LINK_CREATE).u32("prog_fd", a.prog().value())
                .u32("target_ifindex", e.target().value()).u32("target_btf_id", e.function().value());
        return link(fds, BpfCmd.LINK_CREATE, s, a.prog() + " replacing " + e.function() + " of " + e.target());
    }

    private static LinkFd rawTracepoint(FdTable fds, Arena arena, LinkCreateAttr a,
            LinkTarget.RawTracepoint t) {
        Struct s = Struct.of(arena, LinkAttrs.RAW_TRACEPOINT).string("name", t.name())
                .u32("prog_fd", a.prog().value());
        return link(fds, BpfCmd.RAW_TRACEPOINT_OPEN, s, a.prog() + " to raw tracepoint " + t.name());
    }

    private static LinkFd link(FdTable fds, BpfCmd cmd, Struct s, String what) {
        return (LinkFd) fds.adopt(BpfSyscall.bpf(cmd, s.segment(), what), Fd.Kind.LINK);
    }

    static void update(LinkFd link, LinkUpdateAttr a) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, LinkAttrs.LINK_UPDATE).u32("link_fd", link.value())
                    .u32("new_prog_fd", a.newProg().value()).u32("flags", a.flags());
            a.oldProg().ifPresent(p -> s.u32("old_prog_fd", p.value()));
            BpfSyscall.bpf(BpfCmd.LINK_UPDATE, s.segment(), link + " to " + a.newProg());
        }
    }

    static void detach(LinkFd link) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, LinkAttrs.LINK_DETACH).u32("link_fd", link.value());
            BpfSyscall.bpf(BpfCmd.LINK_DETACH, s.segment(), link.toString());
        }
    }

    /** Link info, with the union read per link type as {@code bpf_link_info} lays it out. */
    static LinkInfo info(LinkFd link) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, InfoStructs.LINK).u32("tp_name_len", 256);
            MemorySegment tpName = s.room("tp_name", 256);
            ObjectCalls.info(link, s, InfoStructs.LINK);
            int typeNumber = s.u32("type");
            LinkType type = linkType(typeNumber);
            ObjectId id = new ObjectId(Fd.Kind.LINK, s.u32("id"));
            ObjectId prog = new ObjectId(Fd.Kind.PROG, s.u32("prog_id"));
            int w0 = s.u32At(InfoStructs.UNION_WORD0);
            int w1 = s.u32At(InfoStructs.UNION_WORD1);
            int w2 = s.u32At(InfoStructs.UNION_WORD2);
            Optional<Ifindex> none = Optional.empty();
            return switch (type) {
                case RAW_TRACEPOINT -> new LinkInfo(id, type, prog, none, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.of(Struct.cString(tpName)));
                case TRACING -> new LinkInfo(id, type, prog, none, AttachType.ofNumber(w0),
                        w1 == 0 ? Optional.empty() : Optional.of(new ObjectId(Fd.Kind.PROG, w1)),
                        w2 == 0 ? Optional.empty() : Optional.of(new BtfId(w2)), Optional.empty());
                case XDP -> new LinkInfo(id, type, prog, ifindex(w0), Optional.of(AttachType.XDP),
                        Optional.empty(), Optional.empty(), Optional.empty());
                case TCX -> new LinkInfo(id, type, prog, ifindex(w0), AttachType.ofNumber(w1),
                        Optional.empty(), Optional.empty(), Optional.empty());
            };
        }
    }

    private static LinkType linkType(int number) {
        for (LinkType t : LinkType.values()) {
            if (t.number() == number) {
                return t;
            }
        }
        throw new KernelException(Errno.EOPNOTSUPP, "link type " + number + " is not one the"
                + " Kernel interface describes (raw_tracepoint, tracing, xdp, tcx)");
    }

    /** A detached device link reports ifindex 0: no device. */
    private static Optional<Ifindex> ifindex(int value) {
        return value == 0 ? Optional.empty() : Optional.of(new Ifindex(value));
    }

    static void attach(BpfCmd cmd, ProgAttachAttr a) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, LinkAttrs.PROG_ATTACH)
                    .u32("target_ifindex", a.ifindex().value()).u32("attach_type", a.attachType().number())
                    .u32("attach_flags", a.mprog().flags()).u32("relative_fd", a.mprog().relative())
                    .u64("expected_revision", a.mprog().expectedRevision());
            a.prog().ifPresent(p -> s.u32("attach_bpf_fd", p.value()));
            a.replaceProg().ifPresent(p -> s.u32("replace_bpf_fd", p.value()));
            BpfSyscall.bpf(cmd, s.segment(), a.prog().map(Object::toString).orElse("no program")
                    + " at " + a.ifindex() + " " + a.attachType());
        }
    }

    /**
     * {@code BPF_PROG_QUERY}: a first call with no arrays learns the count, a second fetches the
     * ids; a hook that grew in between answers ENOSPC and is asked again.
     */
    static ProgQueryResult query(Ifindex ifindex, AttachType type) {
        while (true) {
            try (Arena arena = Arena.ofConfined()) {
                int count = ask(arena, ifindex, type, 0).u32("count");
                Struct s = Struct.of(arena, LinkAttrs.QUERY);
                MemorySegment progs = s.room("prog_ids", 4L * Math.max(count, 1));
                MemorySegment links = s.room("link_ids", 4L * Math.max(count, 1));
                try {
                    ask(s, ifindex, type, count);
                } catch (KernelException e) {
                    if (e.errno() == Errno.ENOSPC) {
                        continue;
                    }
                    throw e;
                }
                return result(s, progs, links);
            }
        }
    }

    private static Struct ask(Arena arena, Ifindex ifindex, AttachType type, int room) {
        return ask(Struct.of(arena, LinkAttrs.QUERY), ifindex, type, room);
    }

    private static Struct ask(Struct s, Ifindex ifindex, AttachType type, int room) {
        s.u32("target_ifindex", ifindex.value()).u32("attach_type", type.number()).u32("count", room);
        BpfSyscall.bpf(BpfCmd.PROG_QUERY, s.segment(), ifindex + " " + type);
        return s;
    }

    private static ProgQueryResult result(Struct s, MemorySegment progs, MemorySegment links) {
        List<ObjectId> progIds = new ArrayList<>();
        List<Optional<ObjectId>> linkIds = new ArrayList<>();
        for (int i = 0; i < s.u32("count"); i++) {
            progIds.add(new ObjectId(Fd.Kind.PROG, progs.getAtIndex(ValueLayout.JAVA_INT, i)));
            int link = links.getAtIndex(ValueLayout.JAVA_INT, i);
            linkIds.add(link == 0 ? Optional.empty() : Optional.of(new ObjectId(Fd.Kind.LINK, link)));
        }
        return new ProgQueryResult(s.u64("revision"), progIds, linkIds, s.u32("attach_flags"));
    }
}
