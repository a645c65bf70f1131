package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgQueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One multi-program hook (a tcx ingress or egress of a device): the ordered programs, each with the
 * link that holds it or none, and a revision that moves on with every change. Same rules as the
 * kernel's bpf_mprog ({@code kernel/bpf/mprog.c}): each directive (replace, before, after) names a
 * position on its own, and the change happens only if they all agree; at most 63 programs; an
 * expected revision that is not the current one is ESTALE. The caller holds the machine's lock.
 *
 * <p>References: a program attached without a link is held by the hook; one attached through a
 * link is held by the link.
 */
final class Mprog {
    /** bpf_mprog_max(): BPF_MPROG_MAX (64) minus the terminating slot. */
    static final int MAX = 63;

    /** A program in the chain, or a relative object ({@code bpf_tuple}); either may be null. */
    record Tuple(SimProg prog, SimLink link) {
        static final Tuple NONE = new Tuple(null, null);
        static final Supplier<Tuple> NO_RELATIVE = () -> NONE;
    }

    private final List<Tuple> items = new ArrayList<>();
    private long revision = 1;

    long revision() {
        return revision;
    }

    int total() {
        return items.size();
    }

    /** The programs in run order (for the data path). */
    List<SimProg> progs() {
        List<SimProg> out = new ArrayList<>(items.size());
        items.forEach(t -> out.add(t.prog()));
        return out;
    }

    /**
     * bpf_mprog_attach: inserts {@code prog} (held by {@code link} if not null) where the
     * directive says, or with {@link MprogOpts#F_REPLACE} puts it in place of {@code old}.
     * {@code rel} resolves the relative object, after the revision and duplicate checks as in
     * the kernel. Returns the replaced program when a
     * program without a link was replaced (the caller drops its reference), else null.
     */
    SimProg attach(SimProg prog, SimLink link, SimProg old, int flags, Supplier<Tuple> relative,
            long expected) {
        if (expected != 0 && expected != revision) {
            throw stale(expected);
        }
        if (items.stream().anyMatch(t -> t.prog() == prog)) {
            throw new KernelException(Errno.EEXIST, "program " + prog.name + " is already attached"
                    + " to this hook");
        }
        Tuple rel = relative.get();
        int idx = -ERANGE;
        if ((flags & MprogOpts.F_REPLACE) != 0) {
            idx = exact(new Tuple(old, link));
        } else if (total() == MAX) {
            throw new KernelException(Errno.ERANGE, "the hook already has " + MAX + " programs");
        }
        idx = directives(flags, rel, idx);
        if (idx < -1) {
            if (rel.prog() != null || flags != 0) {
                throw new KernelException(Errno.EINVAL, "a relative object needs BPF_F_BEFORE,"
                        + " BPF_F_AFTER or BPF_F_REPLACE");
            }
            idx = total();
            flags = MprogOpts.F_AFTER;
        }
        if (idx >= MAX) {
            throw new KernelException(Errno.ERANGE, "position " + idx + " is past the last of "
                    + MAX);
        }
        Tuple fresh = new Tuple(prog, link);
        if ((flags & MprogOpts.F_REPLACE) != 0) {
            SimProg replaced = items.get(idx).prog();
            items.set(idx, fresh);
            revision++;
            return link == null ? replaced : null;
        }
        if (idx != total() && (flags & MprogOpts.F_BEFORE) != 0) {
            idx++;
        }
        items.add(idx, fresh);
        revision++;
        return null;
    }

    /**
     * bpf_mprog_detach: removes {@code target} (or, with no program, the first or last one as
     * the directive says). Returns the removed tuple.
     */
    Tuple detach(Tuple target, int flags, Supplier<Tuple> relative, long expected) {
        if ((flags & MprogOpts.F_REPLACE) != 0) {
            throw new KernelException(Errno.EINVAL, "BPF_F_REPLACE does not apply to a detach");
        }
        if (expected != 0 && expected != revision) {
            throw stale(expected);
        }
        if (total() == 0) {
            throw new KernelException(Errno.ENOENT, "no program is attached to this hook");
        }
        Tuple rel = relative.get();
        int idx = target.prog() != null ? exact(target) : -ERANGE;
        idx = directives(flags, rel, idx);
        if (idx < -1) {
            if (rel.prog() != null || flags != 0) {
                throw new KernelException(Errno.EINVAL, "a relative object needs BPF_F_BEFORE or"
                        + " BPF_F_AFTER");
            }
            idx = total();
        }
        if (idx >= MAX) {
            throw new KernelException(Errno.ERANGE, "position " + idx + " is past the last of "
                    + MAX);
        }
        int at = idx == -1 ? 0 : idx == total() ? total() - 1 : idx;
        Tuple found = items.get(at);
        if (found.link() != null && target.link() == null) {
            throw new KernelException(Errno.EBUSY, "program " + found.prog().name + " is held by"
                    + " link " + found.link().id().value() + "; detach the link instead");
        }
        items.remove(at);
        revision++;
        return found;
    }

    /** BPF_PROG_QUERY's answer for this hook. */
    ProgQueryResult query() {
        List<ObjectId> progs = new ArrayList<>();
        List<Optional<ObjectId>> links = new ArrayList<>();
        for (Tuple t : items) {
            progs.add(t.prog().id());
            links.add(Optional.ofNullable(t.link()).map(KernelObject::id));
        }
        return new ProgQueryResult(revision, progs, links, 0);
    }

    private static final int ERANGE = 34;

    /** Applies BEFORE then AFTER to the position so far; each must agree with it. */
    private int directives(int flags, Tuple rel, int idx) {
        if ((flags & MprogOpts.F_BEFORE) != 0) {
            int t = before(rel);
            if (t < -1 || idx >= -1 && t != idx) {
                throw t < -1 ? error(t, rel) : disagree();
            }
            idx = t;
        }
        if ((flags & MprogOpts.F_AFTER) != 0) {
            int t = after(rel);
            if (t < -1 || idx >= -1 && t != idx) {
                throw t < 0 ? error(t, rel) : disagree();
            }
            idx = t;
        }
        return idx;
    }

    /** bpf_mprog_pos_exact: the index of the tuple's program, EBUSY if another link holds it. */
    private int exact(Tuple t) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).prog() == t.prog()) {
                if (items.get(i).link() != t.link()) {
                    throw new KernelException(Errno.EBUSY, "program " + t.prog().name
                            + " is attached through a link here; use the link");
                }
                return i;
            }
        }
        throw new KernelException(Errno.ENOENT, "the program to replace or detach is not"
                + " attached to this hook");
    }

    private int before(Tuple rel) {
        for (int i = 0; i < items.size(); i++) {
            if (matches(items.get(i), rel)) {
                return i - 1;
            }
        }
        return rel.prog() != null ? -Errno.ENOENT.number() : -1;
    }

    private int after(Tuple rel) {
        for (int i = 0; i < items.size(); i++) {
            if (matches(items.get(i), rel)) {
                return i + 1;
            }
        }
        return rel.prog() != null ? -Errno.ENOENT.number() : total();
    }

    private static boolean matches(Tuple item, Tuple rel) {
        return item.prog() == rel.prog() && (rel.link() == null || rel.link() == item.link());
    }

    private static KernelException error(int negErrno, Tuple rel) {
        if (negErrno == -Errno.ENOENT.number()) {
            return new KernelException(Errno.ENOENT, "relative " + (rel.link() != null ? "link "
                    + rel.link().id().value() : "program " + rel.prog().name)
                    + " is not attached to this hook");
        }
        return disagree();
    }

    private static KernelException disagree() {
        return new KernelException(Errno.ERANGE, "the directives name different positions");
    }

    private KernelException stale(long expected) {
        return new KernelException(Errno.ESTALE, "expected revision " + expected
                + " but the hook is at revision " + revision);
    }
}
