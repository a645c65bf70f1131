package dev.ebld.cli.sim;

import dev.ebld.cli.sim.SimSession.Held;
import dev.ebld.cli.sim.SimSession.HeldLink;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgQueryResult;
import dev.ebld.loader.sim.SimProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code show}: the kernel's objects as an administrator sees them (ids walked with
 * {@code BPF_*_GET_NEXT_ID}), with the script's names, the reference counts, and which of the
 * session's processes holds an fd for them ({@code -} when only the kernel does: a link, a pin).
 */
final class SimShow {
    private final SimSession s;

    SimShow(SimSession s) {
        this.s = s;
    }

    List<String> show(SimCommand.Show.What what) {
        return switch (what) {
            case PROGS -> progs();
            case LINKS -> links();
            case DEVICES -> devices();
        };
    }

    private List<String> progs() {
        return list(Fd.Kind.PROG, "no programs", this::progOwners,
                fd -> s.root.progInfo((ProgFd) fd).type().name().toLowerCase(Locale.ROOT));
    }

    private List<String> links() {
        return list(Fd.Kind.LINK, "no links", this::linkOwners, fd -> {
            LinkInfo info = s.root.linkInfo((LinkFd) fd);
            return info.type().name().toLowerCase(Locale.ROOT) + " prog " + info.progId().value()
                    + target(info);
        });
    }

    /**
     * One line per live object of {@code kind}: id, script name, what {@code describe} says of it,
     * the reference count (read before this look takes an fd of its own) and the owners.
     */
    private List<String> list(Fd.Kind kind, String none, Function<ObjectId, String> owners,
            Function<Fd, String> describe) {
        List<String> out = new ArrayList<>();
        for (ObjectId id : ids(kind)) {
            int refs = s.kernel.references(id).orElse(0);
            Fd fd = s.root.fdById(id);
            try {
                out.add(kind.name().toLowerCase(Locale.ROOT) + " " + id.value() + " " + name(id) + " "
                        + describe.apply(fd) + " refs " + refs + " owner " + owners.apply(id));
            } finally {
                s.root.close(fd);
            }
        }
        return out.isEmpty() ? List.of(none) : out;
    }

    private String target(LinkInfo info) {
        if (info.targetProgId().isPresent()) {
            return " target prog " + info.targetProgId().get().value() + " btf_id "
                    + info.targetBtfId().map(b -> String.valueOf(b.value())).orElse("-");
        }
        if (info.ifindex().isPresent()) {
            return " device " + deviceName(info.ifindex().get()) + " "
                    + info.attachType().map(t -> t.name().toLowerCase(Locale.ROOT)).orElse("-");
        }
        return info.tracepoint().map(t -> " tracepoint " + t).orElse(" detached");
    }

    private List<String> devices() {
        List<String> out = new ArrayList<>();
        s.devices.forEach((name, idx) -> {
            out.add("device " + idx.value() + " " + name);
            Optional<ObjectId> xdp = s.root.xdpQuery(idx);
            out.add("  xdp: " + xdp.map(id -> "prog " + id.value() + " " + name(id)).orElse("none"));
            for (AttachType t : List.of(AttachType.TCX_INGRESS, AttachType.TCX_EGRESS)) {
                out.add("  " + t.name().toLowerCase(Locale.ROOT) + ": " + chain(s.root.progQuery(idx, t)));
            }
        });
        return out.isEmpty() ? List.of("no devices") : out;
    }

    private String chain(ProgQueryResult q) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < q.progIds().size(); i++) {
            ObjectId prog = q.progIds().get(i);
            entries.add("prog " + prog.value() + " " + name(prog) + q.linkIds().get(i)
                    .map(l -> " link " + l.value() + " " + name(l)).orElse(""));
        }
        return "revision " + q.revision() + (entries.isEmpty() ? ", none" : ", " + String.join(", ", entries));
    }

    private TreeSet<ObjectId> ids(Fd.Kind kind) {
        TreeSet<ObjectId> ids = new TreeSet<>((a, b) -> Integer.compare(a.value(), b.value()));
        for (Optional<ObjectId> id = s.root.nextId(kind, 0); id.isPresent();
                id = s.root.nextId(kind, id.get().value())) {
            ids.add(id.get());
        }
        return ids;
    }

    private String name(ObjectId id) {
        return s.names.getOrDefault(id, "-");
    }

    private String deviceName(Ifindex idx) {
        return s.devices.entrySet().stream().filter(e -> e.getValue().equals(idx)).map(e -> e.getKey())
                .findFirst().orElse(idx.toString());
    }

    private String progOwners(ObjectId id) {
        TreeSet<String> owners = new TreeSet<>();
        for (Held h : s.objects.values()) {
            h.programs().values().forEach(fd -> {
                if (h.owner().progInfo(fd).id().equals(id)) {
                    owners.add(who(h.owner()));
                }
            });
        }
        for (HeldLink l : s.links.values()) {
            l.extension().ifPresent(ext -> ext.programs().values().forEach(p -> {
                if (l.owner().progInfo(p.fd()).id().equals(id)) {
                    owners.add(who(l.owner()));
                }
            }));
        }
        return owners.isEmpty() ? "-" : String.join(",", owners);
    }

    private String linkOwners(ObjectId id) {
        TreeSet<String> owners = new TreeSet<>();
        for (HeldLink l : s.links.values()) {
            if (l.owner().linkInfo(l.fd()).id().equals(id)) {
                owners.add(who(l.owner()));
            }
        }
        return owners.isEmpty() ? "-" : String.join(",", owners);
    }

    private String who(SimProcess p) {
        return p == s.root ? "root" : "unprivileged";
    }
}
