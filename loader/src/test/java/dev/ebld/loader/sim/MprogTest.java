package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.LinkTestSupport.FRAME;
import static dev.ebld.loader.sim.LinkTestSupport.errno;
import static dev.ebld.loader.sim.LinkTestSupport.returning;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.LinkUpdateAttr;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** tcx multi-program attach, with bpf_mprog's ordering, revision and error table. */
class MprogTest {
    private final SimKernel kernel = new SimKernel();
    private final SimProcess root = kernel.rootProcess();
    private final Ifindex eth0 = kernel.createDevice("eth0");
    private final ProgFd a = returning(root, ProgType.SCHED_CLS, -1);
    private final ProgFd b = returning(root, ProgType.SCHED_CLS, -1);
    private final ProgFd c = returning(root, ProgType.SCHED_CLS, 2);

    private void attach(ProgFd p, MprogOpts o) {
        root.progAttach(ProgAttachAttr.of(p, eth0, AttachType.TCX_INGRESS, o));
    }

    private void detach(ProgFd p, MprogOpts o) {
        root.progDetach(ProgAttachAttr.of(p, eth0, AttachType.TCX_INGRESS, o));
    }

    private List<ObjectId> order() {
        return root.progQuery(eth0, AttachType.TCX_INGRESS).progIds();
    }

    private ObjectId id(ProgFd p) {
        return root.progInfo(p).id();
    }

    private LinkFd link(ProgFd p, MprogOpts o) {
        return root.linkCreate(new LinkCreateAttr(p, new LinkTarget.Device(eth0, AttachType.TCX_INGRESS), o, 0));
    }

    @Test
    void beforeAfterFirstLastByFdAndId() {
        attach(a, MprogOpts.APPEND);
        attach(c, MprogOpts.after(a));
        attach(b, MprogOpts.before(c));
        assertEquals(List.of(id(a), id(b), id(c)), order());
        ProgFd d = returning(root, ProgType.SCHED_CLS, -1);
        attach(d, MprogOpts.first());
        ProgFd e = returning(root, ProgType.SCHED_CLS, -1);
        attach(e, MprogOpts.last());
        assertEquals(List.of(id(d), id(a), id(b), id(c), id(e)), order());
        assertEquals(6, root.progQuery(eth0, AttachType.TCX_INGRESS).revision(), "1 + five changes");
        // Both directives at once must agree: after a and before b is between them.
        detach(b, MprogOpts.APPEND);
        attach(b, new MprogOpts(MprogOpts.F_AFTER | MprogOpts.F_ID, id(a).value(), 0));
        assertEquals(List.of(id(d), id(a), id(b), id(c), id(e)), order());
        // The data path runs them in order: a, b, d, e say TCX_NEXT, c drops.
        InjectResult r = kernel.inject(eth0, FRAME);
        assertEquals(InjectResult.Verdict.TCX_DROP, r.verdict());
        assertEquals(Optional.of(id(c)), r.decidedBy());
        // Detach the first and the last without naming a program.
        detach(d, MprogOpts.APPEND);
        root.progDetach(new ProgAttachAttr(Optional.empty(), eth0, AttachType.TCX_INGRESS,
                MprogOpts.last(), Optional.empty()));
        assertEquals(List.of(id(a), id(b), id(c)), order());
    }

    @Test
    void relativeIdsNeedNoSysAdmin() {
        attach(a, MprogOpts.APPEND);
        SimProcess net = kernel.process(EnumSet.of(Capability.CAP_BPF, Capability.CAP_NET_ADMIN));
        ProgFd mine = returning(net, ProgType.SCHED_CLS, 0);
        ObjectId other = id(a);
        assertEquals(Errno.EPERM, errno(() -> net.fdById(other)));
        net.progAttach(ProgAttachAttr.of(mine, eth0, AttachType.TCX_INGRESS, MprogOpts.before(other)));
        assertEquals(List.of(net.progInfo(mine).id(), other), order());
    }

    @Test
    void linksAndRelativeLinksAndReplace() {
        LinkFd la = link(a, MprogOpts.APPEND);
        LinkFd lc = link(c, MprogOpts.after(la));
        attach(b, MprogOpts.before(lc));
        assertEquals(List.of(id(a), id(b), id(c)), order());
        List<Optional<ObjectId>> links = root.progQuery(eth0, AttachType.TCX_INGRESS).linkIds();
        assertEquals(List.of(Optional.of(root.linkInfo(la).id()), Optional.<ObjectId>empty(),
                Optional.of(root.linkInfo(lc).id())), links);
        ProgFd d = returning(root, ProgType.SCHED_CLS, 0);
        root.progAttach(new ProgAttachAttr(Optional.of(d), eth0, AttachType.TCX_INGRESS,
                MprogOpts.replace(), Optional.of(b)));
        assertEquals(List.of(id(a), id(d), id(c)), order());
        ProgFd e = returning(root, ProgType.SCHED_CLS, 0);
        root.linkUpdate(lc, LinkUpdateAttr.replacing(c, e));
        assertEquals(List.of(id(a), id(d), id(e)), order());
        assertEquals(Errno.EEXIST, errno(() -> root.linkUpdate(la, LinkUpdateAttr.to(d))),
                "d is already in the chain");
    }

    /** Each row sets up the hook, then one call that must fail with the errno. */
    static Stream<Arguments> errors() {
        return Stream.of(
                row("same program twice", Errno.EEXIST, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    return () -> t.attach(t.a, MprogOpts.APPEND);
                }),
                row("relative program not attached", Errno.ENOENT, t ->
                        () -> t.attach(t.a, MprogOpts.before(t.b))),
                row("relative id that does not exist", Errno.ENOENT, t ->
                        () -> t.attach(t.a, new MprogOpts(MprogOpts.F_AFTER | MprogOpts.F_ID, 999, 0))),
                row("directives that disagree", Errno.ERANGE, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    t.attach(t.b, MprogOpts.APPEND);
                    return () -> t.attach(t.c, new MprogOpts(MprogOpts.F_BEFORE | MprogOpts.F_AFTER,
                            t.a.value(), 0));
                }),
                row("replace a program that is not there", Errno.ENOENT, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    return () -> t.root.progAttach(new ProgAttachAttr(Optional.of(t.c), t.eth0,
                            AttachType.TCX_INGRESS, MprogOpts.replace(), Optional.of(t.b)));
                }),
                row("replace a program a link holds", Errno.EBUSY, t -> {
                    t.link(t.a, MprogOpts.APPEND);
                    return () -> t.root.progAttach(new ProgAttachAttr(Optional.of(t.c), t.eth0,
                            AttachType.TCX_INGRESS, MprogOpts.replace(), Optional.of(t.a)));
                }),
                row("detach a program a link holds", Errno.EBUSY, t -> {
                    t.link(t.a, MprogOpts.APPEND);
                    return () -> t.detach(t.a, MprogOpts.APPEND);
                }),
                row("detach the last when a link holds it", Errno.EBUSY, t -> {
                    t.link(t.a, MprogOpts.APPEND);
                    return () -> t.root.progDetach(new ProgAttachAttr(Optional.empty(), t.eth0,
                            AttachType.TCX_INGRESS, MprogOpts.last(), Optional.empty()));
                }),
                row("relative object without a directive", Errno.EINVAL, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    return () -> t.attach(t.b, new MprogOpts(0, t.a.value(), 0));
                }),
                row("BPF_F_LINK without a link", Errno.EINVAL, t ->
                        () -> t.attach(t.a, new MprogOpts(MprogOpts.F_BEFORE | MprogOpts.F_LINK, 0, 0))),
                row("relative program of another type", Errno.EINVAL, t -> {
                    ProgFd xdp = returning(t.root, ProgType.XDP, 2);
                    return () -> t.attach(t.a, MprogOpts.before(xdp));
                }),
                row("unknown flag", Errno.EINVAL, t -> () -> t.attach(t.a, new MprogOpts(1, 0, 0))),
                row("stale expected revision", Errno.ESTALE, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    return () -> t.attach(t.b, MprogOpts.APPEND.expecting(1));
                }),
                row("a stale revision is checked before the relative object", Errno.ESTALE, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    return () -> t.attach(t.b, new MprogOpts(MprogOpts.F_BEFORE | MprogOpts.F_ID, 999, 1));
                }),
                row("an attached program is checked before the relative object", Errno.EEXIST, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    return () -> t.attach(t.a, new MprogOpts(MprogOpts.F_BEFORE | MprogOpts.F_ID, 999, 0));
                }),
                row("stale revision on detach", Errno.ESTALE, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    return () -> t.detach(t.a, MprogOpts.APPEND.expecting(1));
                }),
                row("detach from an empty hook", Errno.ENOENT, t -> () -> t.detach(t.a, MprogOpts.APPEND)),
                row("detach a program that is not there", Errno.ENOENT, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    return () -> t.detach(t.b, MprogOpts.APPEND);
                }),
                row("replace on detach", Errno.EINVAL, t -> {
                    t.attach(t.a, MprogOpts.APPEND);
                    return () -> t.detach(t.a, MprogOpts.replace());
                }),
                row("a 64th program", Errno.ERANGE, t -> {
                    for (int i = 0; i < Mprog.MAX; i++) {
                        t.attach(returning(t.root, ProgType.SCHED_CLS, 0), MprogOpts.APPEND);
                    }
                    return () -> t.attach(t.a, MprogOpts.APPEND);
                }),
                row("not a tc program", Errno.EINVAL, t -> {
                    ProgFd xdp = returning(t.root, ProgType.XDP, 2);
                    return () -> t.attach(xdp, MprogOpts.APPEND);
                }),
                row("XDP is not an mprog hook", Errno.EINVAL, t ->
                        () -> t.root.progAttach(ProgAttachAttr.of(t.a, t.eth0, AttachType.XDP, MprogOpts.APPEND))),
                row("without CAP_NET_ADMIN", Errno.EPERM, t -> {
                    SimProcess weak = t.kernel.process(EnumSet.of(Capability.CAP_BPF));
                    return () -> weak.progQuery(t.eth0, AttachType.TCX_INGRESS);
                }),
                row("no such device", Errno.ENODEV, t ->
                        () -> t.root.progAttach(ProgAttachAttr.of(t.a, new Ifindex(99),
                                AttachType.TCX_INGRESS, MprogOpts.APPEND))));
    }

    interface Setup {
        Executable prepare(MprogTest t);
    }

    private static Arguments row(String name, Errno errno, Setup s) {
        return Arguments.of(name, errno, s);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("errors")
    void errorTable(String name, Errno expected, Setup setup) {
        MprogTest t = new MprogTest();
        Executable call = setup.prepare(t);
        long revision = t.root.progQuery(t.eth0, AttachType.TCX_INGRESS).revision();
        List<ObjectId> before = new ArrayList<>(t.order());
        assertEquals(expected, errno(call), name);
        assertEquals(revision, t.root.progQuery(t.eth0, AttachType.TCX_INGRESS).revision(),
                "a refused change leaves the revision");
        assertEquals(before, t.order(), "and the chain");
    }
}
