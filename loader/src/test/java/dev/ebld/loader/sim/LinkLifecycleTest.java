package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.LinkTestSupport.FRAME;
import static dev.ebld.loader.sim.LinkTestSupport.errno;
import static dev.ebld.loader.sim.LinkTestSupport.returning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.LinkType;
import dev.ebld.loader.kernel.LinkUpdateAttr;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgType;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** bpf_link ownership and lifetime (seed 002): fds, pins, auto-detach, update, detach. */
class LinkLifecycleTest {
    private final SimKernel kernel = new SimKernel();
    private final SimProcess root = kernel.rootProcess();
    private final Ifindex eth0 = kernel.createDevice("eth0");

    private LinkFd xdpLink(SimProcess p, ProgFd prog) {
        return p.linkCreate(LinkCreateAttr.of(prog, new LinkTarget.Device(eth0, AttachType.XDP)));
    }

    private long verdict() {
        return kernel.inject(eth0, FRAME).retval();
    }

    @Test
    void closingTheLastFdOfAnUnpinnedLinkDetachesIt() {
        ProgFd drop = returning(root, ProgType.XDP, 1);
        LinkFd link = xdpLink(root, drop);
        root.close(drop);
        assertEquals(1, verdict(), "the link holds its program");
        root.close(link);
        assertEquals(Optional.empty(), root.xdpQuery(eth0));
        assertEquals(InjectResult.Verdict.PASS, kernel.inject(eth0, FRAME).verdict());
        assertEquals(0, kernel.liveObjects(Fd.Kind.LINK));
        assertEquals(0, kernel.liveObjects(Fd.Kind.PROG));
    }

    @Test
    void aPinnedLinkSurvivesItsFds() {
        ProgFd drop = returning(root, ProgType.XDP, 1);
        LinkFd link = xdpLink(root, drop);
        root.objPin(link, "/sys/fs/bpf/xdp_link");
        root.close(link);
        root.close(drop);
        assertEquals(1, verdict());
        LinkFd again = (LinkFd) root.objGet("/sys/fs/bpf/xdp_link");
        assertEquals(LinkType.XDP, root.linkInfo(again).type());
        root.close(again);
        assertEquals(1, verdict(), "the pin still holds it");
        root.unpin("/sys/fs/bpf/xdp_link");
        assertEquals(InjectResult.Verdict.PASS, kernel.inject(eth0, FRAME).verdict());
    }

    @Test
    void onlyHoldersOfTheLinkFdCanUpdateOrDetachIt() {
        ProgFd drop = returning(root, ProgType.XDP, 1);
        LinkFd link = xdpLink(root, drop);
        SimProcess other = kernel.process(EnumSet.of(Capability.CAP_BPF, Capability.CAP_NET_ADMIN));
        ProgFd tx = returning(other, ProgType.XDP, 3);
        // The number means nothing in the other process: its fd table has no such link.
        assertEquals(Errno.EBADF, errno(() -> other.linkUpdate(link, LinkUpdateAttr.to(tx))));
        assertEquals(Errno.EBADF, errno(() -> other.linkDetach(link)));
        ObjectIdHolder id = new ObjectIdHolder(root.linkInfo(link));
        assertEquals(Errno.EPERM, errno(() -> other.fdById(id.info.id())), "an id becomes an fd only"
                + " with CAP_SYS_ADMIN");
        // Nor can it take the hook over without the link.
        assertEquals(Errno.EBUSY, errno(() -> other.xdpAttach(eth0, Optional.of(tx), 0, Optional.empty())));
        assertEquals(1, verdict());
        // An administrator can get an fd by id, and then it is a holder.
        SimProcess admin = kernel.rootProcess();
        LinkFd adminFd = (LinkFd) admin.fdById(id.info.id());
        admin.linkDetach(adminFd);
        assertEquals(Optional.empty(), root.linkInfo(link).ifindex(), "detached: ifindex 0");
        assertEquals(Errno.ENOLINK, errno(() -> root.linkUpdate(link, LinkUpdateAttr.to(drop))));
    }

    private record ObjectIdHolder(LinkInfo info) {
    }

    @Test
    void updateWithAnExpectedOldProgram() {
        ProgFd drop = returning(root, ProgType.XDP, 1);
        ProgFd tx = returning(root, ProgType.XDP, 3);
        ProgFd pass = returning(root, ProgType.XDP, 2);
        LinkFd link = xdpLink(root, drop);
        assertEquals(Errno.EPERM, errno(() -> root.linkUpdate(link, LinkUpdateAttr.replacing(tx, pass))));
        assertEquals(Errno.EINVAL, errno(() -> root.linkUpdate(link,
                new LinkUpdateAttr(pass, Optional.of(drop), 0))), "old program without BPF_F_REPLACE");
        ProgFd tc = returning(root, ProgType.SCHED_CLS, 0);
        assertEquals(Errno.EINVAL, errno(() -> root.linkUpdate(link, LinkUpdateAttr.to(tc))));
        root.linkUpdate(link, LinkUpdateAttr.replacing(drop, tx));
        assertEquals(3, verdict());
        assertEquals(root.progInfo(tx).id(), root.linkInfo(link).progId());
        root.linkUpdate(link, LinkUpdateAttr.to(pass));
        assertEquals(2, verdict());
        root.close(drop);
        root.close(tx);
        assertEquals(2, kernel.liveObjects(Fd.Kind.PROG), "the replaced programs were released");
    }

    @Test
    void rawTracepointLinksHaveNoDetach() {
        ProgFd tp = returning(root, ProgType.RAW_TRACEPOINT, 7);
        LinkFd link = root.linkCreate(LinkCreateAttr.of(tp, new LinkTarget.RawTracepoint("sched_switch")));
        assertEquals(java.util.List.of(7L), kernel.fireRawTracepoint("sched_switch", 1, 2));
        assertEquals(Errno.EOPNOTSUPP, errno(() -> root.linkDetach(link)));
        assertEquals(Errno.EINVAL, errno(() -> root.linkUpdate(link, LinkUpdateAttr.to(tp))));
        assertEquals(Optional.of("sched_switch"), root.linkInfo(link).tracepoint());
        root.close(link);
        assertTrue(kernel.fireRawTracepoint("sched_switch").isEmpty());
    }

    @Test
    void tcxLinkDetachAndAutoDetach() {
        ProgFd tc = returning(root, ProgType.SCHED_CLS, 2);
        LinkFd link = root.linkCreate(LinkCreateAttr.of(tc, new LinkTarget.Device(eth0, AttachType.TCX_INGRESS)));
        assertEquals(InjectResult.Verdict.TCX_DROP, kernel.inject(eth0, FRAME).verdict());
        assertEquals(Optional.of(root.linkInfo(link).id()),
                root.progQuery(eth0, AttachType.TCX_INGRESS).linkIds().get(0));
        root.linkDetach(link);
        assertEquals(0, root.progQuery(eth0, AttachType.TCX_INGRESS).progIds().size());
        assertEquals(InjectResult.Verdict.PASS, kernel.inject(eth0, FRAME).verdict());
        root.close(link);
        LinkFd again = root.linkCreate(LinkCreateAttr.of(tc, new LinkTarget.Device(eth0, AttachType.TCX_EGRESS)));
        root.close(again);
        assertEquals(0, root.progQuery(eth0, AttachType.TCX_EGRESS).progIds().size(), "auto-detached");
    }
}
