package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.verifier.StructuralVerifier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link RunFrame}: a program sees the same frame (context fields, packet window, adjustments)
 * whether it runs from BPF_PROG_TEST_RUN or on a device's path or a fired raw tracepoint.
 */
class RunFrameTest {
    private final SimKernel kernel = new SimKernel().verifier(new StructuralVerifier());
    private final SimProcess root = kernel.rootProcess();
    private final Ifindex eth0 = kernel.createDevice("eth0");

    private static byte[] frame() {
        byte[] f = new byte[64];
        for (int i = 0; i < f.length; i++) {
            f[i] = (byte) (0x40 + i);
        }
        f[12] = 0x08; // EtherType IPv4
        f[13] = 0x00;
        return f;
    }

    private ProgFd load(ProgType type, String prog) {
        return root.progLoad(ProgLoadAttr.of(type, "frame", Asm.insns(prog))).fd();
    }

    @Test
    void xdpFrameIsTheSameOnTheReceivePathAndInATestRun() {
        // bpf_xdp_adjust_tail(ctx, -4); *(u8 *)data = data_end - data; return XDP_PASS.
        ProgFd p = load(ProgType.XDP, "bf 6 1 0 0; b7 2 0 0 -4; 85 0 0 0 65; 61 2 6 0 0;"
                + " 61 3 6 4 0; 1f 3 2 0 0; 73 2 3 0 0; b7 0 0 0 2; 95 0 0 0 0");
        byte[] expected = Arrays.copyOf(frame(), 60);
        expected[0] = 60;

        TestRunResult run = root.progTestRun(p, TestRunAttr.packet(frame()));
        assertEquals(2, run.retval());
        assertArrayEquals(expected, run.dataOut().orElseThrow());

        root.linkCreate(LinkCreateAttr.of(p, new LinkTarget.Device(eth0, AttachType.XDP)));
        InjectResult in = kernel.inject(eth0, frame());
        assertEquals(InjectResult.Verdict.PASS, in.verdict());
        assertArrayEquals(expected, in.packet(), "the stack gets the frame as XDP left it");
        assertEquals(List.of(), kernel.drainTransmitted(eth0));
    }

    @Test
    void skbFrameIsTheSameOnTheTcxPathAndInATestRun() {
        // Writes len, ifindex and protocol into the packet's first 12 bytes; returns TCX_NEXT.
        ProgFd p = load(ProgType.SCHED_CLS, "61 2 1 76 0; 61 3 1 0 0; 63 2 3 0 0; 61 3 1 40 0;"
                + " 63 2 3 4 0; 61 3 1 16 0; 63 2 3 8 0; b7 0 0 0 -1; 95 0 0 0 0");
        byte[] expected = frame();
        AddressSpace.putLe(expected, 0, 4, 64);
        AddressSpace.putLe(expected, 4, 4, eth0.value());
        AddressSpace.putLe(expected, 8, 4, 0x0008);

        byte[] skb = new byte[SkbContext.SIZE];
        AddressSpace.putLe(skb, SkbContext.IFINDEX, 4, eth0.value());
        TestRunResult run = root.progTestRun(p, new TestRunAttr(Optional.of(frame()), 4096,
                Optional.of(skb), 0, 0, 0, 0));
        assertEquals(-1, (int) run.retval());
        assertArrayEquals(expected, run.dataOut().orElseThrow());

        root.linkCreate(LinkCreateAttr.of(p, new LinkTarget.Device(eth0, AttachType.TCX_EGRESS)));
        InjectResult out = kernel.send(eth0, frame());
        assertEquals(InjectResult.Verdict.PASS, out.verdict());
        assertArrayEquals(expected, out.packet());
        assertArrayEquals(expected, kernel.drainTransmitted(eth0).get(0), "sent as tcx left it");
    }

    @Test
    void rawTpArgumentsAreTheSameWhenFiredAndInATestRun() {
        // return args[0] - args[1]
        ProgFd p = load(ProgType.RAW_TRACEPOINT, "79 0 1 0 0; 79 2 1 8 0; 1f 0 2 0 0; 95 0 0 0 0");
        byte[] ctx = new byte[16];
        AddressSpace.putLe(ctx, 0, 8, 50);
        AddressSpace.putLe(ctx, 8, 8, 8);
        assertEquals(42, root.progTestRun(p, new TestRunAttr(Optional.empty(), 0,
                Optional.of(ctx), 0, 0, 0, 0)).retval());
        root.linkCreate(LinkCreateAttr.of(p, new LinkTarget.RawTracepoint("sched_switch")));
        assertEquals(List.of(42L), kernel.fireRawTracepoint("sched_switch", 50, 8));
    }
}
