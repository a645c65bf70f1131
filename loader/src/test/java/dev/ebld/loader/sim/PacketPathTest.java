package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.LinkTestSupport.FRAME;
import static dev.ebld.loader.sim.LinkTestSupport.returning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A device's receive and send paths: XDP, then tcx ingress; tcx egress on send. */
class PacketPathTest {
    private final SimKernel kernel = new SimKernel();
    private final SimProcess root = kernel.rootProcess();
    private final Ifindex eth0 = kernel.createDevice("eth0");
    private final Ifindex eth1 = kernel.createDevice("eth1");

    /** bpf_redirect(eth1, 0) and return its answer. */
    private ProgFd redirecting(ProgType type) {
        return root.progLoad(ProgLoadAttr.of(type, "redir", Asm.insns("b7 1 0 0 " + eth1.value()
                + "; b7 2 0 0 0; 85 0 0 0 23; 95 0 0 0 0"))).fd();
    }

    @Test
    void xdpRedirectNamesTheTarget() {
        root.linkCreate(LinkCreateAttr.of(redirecting(ProgType.XDP), new LinkTarget.Device(eth0, AttachType.XDP)));
        InjectResult r = kernel.inject(eth0, FRAME);
        assertEquals(InjectResult.Verdict.XDP_REDIRECT, r.verdict());
        assertEquals(new Route.Device(eth1), r.route());
    }

    @Test
    void xdpPassThenTheIngressChainDecides() {
        ProgFd pass = returning(root, ProgType.XDP, 2);
        root.xdpAttach(eth0, Optional.of(pass), 0, Optional.empty());
        ProgFd next = returning(root, ProgType.SCHED_CLS, -1);
        ProgFd unknown = returning(root, ProgType.SCHED_CLS, 5); // not a tcx code: counts as next
        root.progAttach(ProgAttachAttr.of(next, eth0, AttachType.TCX_INGRESS, MprogOpts.APPEND));
        root.progAttach(ProgAttachAttr.of(unknown, eth0, AttachType.TCX_INGRESS, MprogOpts.APPEND));
        InjectResult r = kernel.inject(eth0, FRAME);
        assertEquals(InjectResult.Verdict.PASS, r.verdict());
        assertEquals(Optional.of(root.progInfo(pass).id()), r.decidedBy(), "no tcx program decided");
        root.progAttach(ProgAttachAttr.of(redirecting(ProgType.SCHED_CLS), eth0, AttachType.TCX_INGRESS,
                MprogOpts.APPEND));
        r = kernel.inject(eth0, FRAME);
        assertEquals(InjectResult.Verdict.TCX_REDIRECT, r.verdict());
        assertEquals(new Route.Device(eth1), r.route());
    }

    @Test
    void aTcxRedirectAfterACpumapRedirectNamesBoth() {
        MapFd cpus = root.mapCreate(MapCreateAttr.of(MapType.CPUMAP, "cm", 4, 4, 2, 0));
        root.mapUpdate(cpus, RedirectSupport.u32s(1), RedirectSupport.u32s(64), UpdateMode.ANY);
        root.linkCreate(LinkCreateAttr.of(RedirectSupport.redirecting(root, cpus, "b7 2 0 0 1", 0),
                new LinkTarget.Device(eth0, AttachType.XDP)));
        root.progAttach(ProgAttachAttr.of(redirecting(ProgType.SCHED_CLS), eth0, AttachType.TCX_INGRESS,
                MprogOpts.APPEND));
        InjectResult r = kernel.inject(eth0, FRAME);
        assertEquals(InjectResult.Verdict.TCX_REDIRECT, r.verdict());
        assertEquals(new Route.Cpu(1, Optional.of(eth1)), r.route());
    }

    @Test
    void aTcxVerdictOtherThanRedirectNamesNoDevice() {
        // bpf_redirect(eth1, 0), then TC_ACT_SHOT: the helper's target is not where the frame went
        root.progAttach(ProgAttachAttr.of(root.progLoad(ProgLoadAttr.of(ProgType.SCHED_CLS, "redir_shot",
                Asm.insns("b7 1 0 0 " + eth1.value() + "; b7 2 0 0 0; 85 0 0 0 23; b7 0 0 0 2; 95 0 0 0 0")))
                .fd(), eth0, AttachType.TCX_INGRESS, MprogOpts.APPEND));
        InjectResult r = kernel.inject(eth0, FRAME);
        assertEquals(InjectResult.Verdict.TCX_DROP, r.verdict());
        assertEquals(Route.none(), r.route());
    }

    @Test
    void aRouteGoesOnlyWithTheVerdictsItCanExplain() {
        RedirectMiss miss = new RedirectMiss(new ObjectId(Fd.Kind.MAP, 1), "m", 0);
        for (InjectResult.Verdict v : InjectResult.Verdict.values()) {
            assertEquals(v == InjectResult.Verdict.XDP_REDIRECT || v == InjectResult.Verdict.TCX_REDIRECT,
                    accepts(v, new Route.Device(eth1)), "device with " + v);
            assertEquals(v.name().startsWith("TCX") || v == InjectResult.Verdict.XDP_REDIRECT
                    || v == InjectResult.Verdict.PASS, accepts(v, new Route.Cpu(1)), "cpu with " + v);
            assertEquals(v == InjectResult.Verdict.TCX_REDIRECT, accepts(v, new Route.Cpu(1, Optional.of(eth1))),
                    "cpu and tcx redirect with " + v);
            assertEquals(v.name().startsWith("XDP") && v != InjectResult.Verdict.XDP_REDIRECT
                    || v == InjectResult.Verdict.PASS, accepts(v, new Route.Fallback(miss)), "fallback with " + v);
            assertTrue(accepts(v, Route.none()));
        }
    }

    private static boolean accepts(InjectResult.Verdict v, Route route) {
        try {
            new InjectResult(v, 0, Optional.empty(), new byte[0], route);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void egressChainOnSend() {
        assertEquals(InjectResult.Verdict.PASS, kernel.send(eth0, FRAME).verdict());
        assertEquals(1, kernel.drainTransmitted(eth0).size());
        root.linkCreate(LinkCreateAttr.of(returning(root, ProgType.SCHED_CLS, 2),
                new LinkTarget.Device(eth0, AttachType.TCX_EGRESS)));
        assertEquals(InjectResult.Verdict.TCX_DROP, kernel.send(eth0, FRAME).verdict());
        assertEquals(0, kernel.drainTransmitted(eth0).size());
        assertEquals(InjectResult.Verdict.PASS, kernel.inject(eth0, FRAME).verdict(),
                "egress programs do not see received frames");
    }
}
