package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.LinkTestSupport.FRAME;
import static dev.ebld.loader.sim.LinkTestSupport.errno;
import static dev.ebld.loader.sim.LinkTestSupport.returning;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The netlink-style XDP attach with its policy flags, and how it meets XDP links. */
class XdpAttachTest {
    static final int UPDATE_IF_NOEXIST = 1;
    static final int SKB_MODE = 2;
    static final int DRV_MODE = 4;
    static final int HW_MODE = 8;
    static final int REPLACE = 16;

    private final SimKernel kernel = new SimKernel();
    private final SimProcess root = kernel.rootProcess();
    private final Ifindex eth0 = kernel.createDevice("eth0");
    private final ProgFd drop = returning(root, ProgType.XDP, 1);
    private final ProgFd tx = returning(root, ProgType.XDP, 3);

    private void attach(ProgFd p, int flags, Optional<ProgFd> expected) {
        root.xdpAttach(eth0, Optional.ofNullable(p), flags, expected);
    }

    private void link(ProgFd p, int flags) {
        root.linkCreate(new LinkCreateAttr(p, new LinkTarget.Device(eth0, AttachType.XDP),
                MprogOpts.APPEND, flags));
    }

    @Test
    void replaceWithTheExpectedProgram() {
        attach(drop, UPDATE_IF_NOEXIST, Optional.empty());
        attach(tx, REPLACE, Optional.of(drop));
        assertEquals(3, kernel.inject(eth0, FRAME).retval());
        root.close(tx);
        assertEquals(3, kernel.inject(eth0, FRAME).retval(), "the hook holds its program");
        root.close(drop);
        attach(null, 0, Optional.empty());
        assertEquals(Optional.empty(), root.xdpQuery(eth0));
        assertEquals(0, kernel.liveObjects(dev.ebld.loader.kernel.Fd.Kind.PROG), "detaching released it");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                row("REPLACE with another expected program", Errno.EEXIST, t -> {
                    t.attach(t.drop, 0, Optional.empty());
                    return () -> t.attach(t.tx, REPLACE, Optional.of(t.tx));
                }),
                row("REPLACE expecting none while one is attached", Errno.EEXIST, t -> {
                    t.attach(t.drop, 0, Optional.empty());
                    return () -> t.attach(t.tx, REPLACE, Optional.empty());
                }),
                row("UPDATE_IF_NOEXIST with a program attached", Errno.EBUSY, t -> {
                    t.attach(t.drop, 0, Optional.empty());
                    return () -> t.attach(t.tx, UPDATE_IF_NOEXIST, Optional.empty());
                }),
                row("two mode flags", Errno.EINVAL, t -> () -> t.attach(t.drop, SKB_MODE | DRV_MODE,
                        Optional.empty())),
                row("hardware offload", Errno.EOPNOTSUPP, t -> () -> t.attach(t.drop, HW_MODE, Optional.empty())),
                row("unknown flag", Errno.EINVAL, t -> () -> t.attach(t.drop, 1 << 7, Optional.empty())),
                row("not an XDP program", Errno.EINVAL, t -> {
                    ProgFd tc = returning(t.root, ProgType.SCHED_CLS, 0);
                    return () -> t.attach(tc, 0, Optional.empty());
                }),
                row("a devmap program", Errno.EINVAL, t -> {
                    ProgFd dm = t.root.progLoad(new ProgLoadAttr(ProgType.XDP, Optional.of(AttachType.XDP_DEVMAP),
                            "dm", dev.ebld.loader.interp.Asm.insns("b7 0 0 0 2; 95 0 0 0 0"), "GPL",
                            Optional.empty(), java.util.List.of(), java.util.List.of(),
                            dev.ebld.loader.kernel.LogOptions.NONE, Optional.empty(), Optional.empty(),
                            java.util.List.of(), 0)).fd();
                    return () -> t.attach(dm, 0, Optional.empty());
                }),
                row("replacing a link's program without the link", Errno.EBUSY, t -> {
                    t.link(t.drop, 0);
                    return () -> t.attach(t.tx, 0, Optional.empty());
                }),
                row("detaching a link's program without the link", Errno.EBUSY, t -> {
                    t.link(t.drop, 0);
                    return () -> t.attach(null, 0, Optional.empty());
                }),
                row("a link over a netlink-attached program", Errno.EBUSY, t -> {
                    t.attach(t.drop, 0, Optional.empty());
                    return () -> t.link(t.tx, 0);
                }),
                row("a second link", Errno.EBUSY, t -> {
                    t.link(t.drop, 0);
                    return () -> t.link(t.tx, 0);
                }),
                row("a link with a policy flag", Errno.EINVAL, t -> () -> t.link(t.drop, REPLACE)),
                row("a link with a bpf_mprog directive", Errno.EINVAL, t ->
                        () -> t.root.linkCreate(new LinkCreateAttr(t.drop, new LinkTarget.Device(t.eth0,
                                AttachType.XDP), MprogOpts.first(), 0))),
                row("without CAP_NET_ADMIN", Errno.EPERM, t -> {
                    SimProcess weak = t.kernel.process(EnumSet.of(Capability.CAP_BPF));
                    return () -> weak.linkCreate(LinkCreateAttr.of(returning(weak, ProgType.SOCKET_FILTER, 0),
                            new LinkTarget.Device(t.eth0, AttachType.XDP)));
                }));
    }

    interface Setup {
        Executable prepare(XdpAttachTest t);
    }

    private static Arguments row(String name, Errno errno, Setup s) {
        return Arguments.of(name, errno, s);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("errors")
    void errorTable(String name, Errno expected, Setup setup) {
        XdpAttachTest t = new XdpAttachTest();
        Executable call = setup.prepare(t);
        Optional<ObjectId> before = t.root.xdpQuery(t.eth0);
        assertEquals(expected, errno(call), name);
        assertEquals(before, t.root.xdpQuery(t.eth0), "a refused attach leaves the hook as it was");
    }
}
