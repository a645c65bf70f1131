package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.interp.BytecodeExecutor;
import dev.ebld.loader.interp.Executor;
import dev.ebld.loader.interp.Interpreter;
import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.verifier.StructuralVerifier;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metadata an XDP program leaves in front of a packet it passes reaches the tcx ingress chain
 * of the same device at {@code __sk_buff->data_meta}, as skb_metadata_set carries it in
 * bpf_prog_run_generic_xdp; a tc test run has none, and the frame that leaves excludes it. On
 * both executors.
 */
class XdpMetadataPathTest {
    private static final int MAGIC = 0x5a5a5a5a;

    static Stream<Executor> executors() {
        return Stream.of(new Interpreter(), new BytecodeExecutor());
    }

    /** bpf_xdp_adjust_meta(ctx, -4); {@code *(u32 *)data_meta = value} if 4 bytes fit; XDP_PASS. */
    private static String xdpWriting(int value) {
        return "bf 6 1 0 0; b7 2 0 0 -4; 85 0 0 0 54; 61 2 6 8 0; 61 3 6 0 0; bf 4 2 0 0;"
                + " 07 4 0 0 4; 2d 4 3 1 0; 62 2 0 0 " + value + "; b7 0 0 0 2; 95 0 0 0 0";
    }

    /** XDP_PASS without touching the metadata. */
    private static final String XDP_PASS = "b7 0 0 0 2; 95 0 0 0 0";

    /**
     * {@code if (data_meta + 4 > data) return TCX_NEXT; return *(u32 *)data_meta == MAGIC ?
     * TCX_DROP : TCX_PASS;}
     */
    private static final String TC_READING = "61 2 1 140 0; 61 3 1 76 0; bf 4 2 0 0; 07 4 0 0 4;"
            + " b7 0 0 0 -1; 2d 4 3 4 0; 61 5 2 0 0; b7 0 0 0 0; 55 5 0 1 " + MAGIC + ";"
            + " b7 0 0 0 2; 95 0 0 0 0";

    private final SimKernel kernel = new SimKernel();
    private final Ifindex eth0 = kernel.createDevice("eth0");
    /** The tcx program {@link #attached} put on eth0. */
    private ProgFd tc;

    /** A 64-byte IPv4 frame whose bytes after the EtherType count up, so a shift would show. */
    private static byte[] frame() {
        byte[] f = new byte[64];
        for (int i = 0; i < f.length; i++) {
            f[i] = (byte) (i + 1);
        }
        f[12] = 0x08;
        f[13] = 0x00;
        return f;
    }

    private static ProgFd load(SimProcess root, ProgType type, String insns) {
        return root.progLoad(ProgLoadAttr.of(type, "meta", Asm.insns(insns))).fd();
    }

    private SimProcess attached(Executor e, String xdp, String tc) {
        SimProcess root = kernel.executor(e).rootProcess();
        root.xdpAttach(eth0, Optional.of(load(root, ProgType.XDP, xdp)), 0, Optional.empty());
        this.tc = load(root, ProgType.SCHED_CLS, tc);
        root.progAttach(ProgAttachAttr.of(this.tc, eth0, AttachType.TCX_INGRESS, MprogOpts.APPEND));
        return root;
    }

    @ParameterizedTest
    @MethodSource("executors")
    void tcSeesTheMetadataXdpLeft(Executor e) {
        SimProcess root = attached(e, xdpWriting(MAGIC), TC_READING);
        InjectResult r = kernel.inject(eth0, frame());
        assertEquals(InjectResult.Verdict.TCX_DROP, r.verdict(), "tc read MAGIC at data_meta");
        assertEquals(2, r.retval());
        assertArrayEquals(frame(), r.packet(), "the packet leaves without its metadata");
        assertEquals(Optional.of(root.progInfo(tc).id()), r.decidedBy());
    }

    @ParameterizedTest
    @MethodSource("executors")
    void tcReadsTheMetadataValueNotAConstant(Executor e) {
        attached(e, xdpWriting(0x11223344), TC_READING);
        InjectResult r = kernel.inject(eth0, frame());
        assertEquals(InjectResult.Verdict.PASS, r.verdict());
        assertEquals(0, r.retval(), "tc decided TCX_PASS: metadata present, another value");
        assertArrayEquals(frame(), r.packet());
    }

    @ParameterizedTest
    @MethodSource("executors")
    void withoutMetadataDataMetaIsData(Executor e) {
        SimProcess root = attached(e, XDP_PASS, TC_READING);
        InjectResult r = kernel.inject(eth0, frame());
        assertEquals(InjectResult.Verdict.PASS, r.verdict());
        assertEquals(2, r.retval(), "tc said TCX_NEXT, so XDP's XDP_PASS stands");
        assertArrayEquals(frame(), r.packet());
        assertEquals(-1, (int) root.progTestRun(tc, new TestRunAttr(Optional.of(frame()), 0,
                Optional.empty(), 0, 0, 0, 0)).retval(), "a tc test run has no metadata");
    }

    @ParameterizedTest
    @MethodSource("executors")
    void theSkbWindowStartsAtDataMeta(Executor e) {
        kernel.verifier(new StructuralVerifier());
        // r0 = *(u8 *)(data_meta + off), unchecked: only the safety verifier would refuse it.
        String read = "61 2 1 140 0; 71 0 2 %d 0; 95 0 0 0 0";
        attached(e, xdpWriting(0x02000000), String.format(read, 3));
        assertEquals(InjectResult.Verdict.TCX_DROP, kernel.inject(eth0, frame()).verdict(),
                "the metadata's last byte (2) read through data_meta");
        SimKernel other = new SimKernel().verifier(new StructuralVerifier());
        Ifindex dev = other.createDevice("eth0");
        SimProcess root = other.executor(e).rootProcess();
        root.xdpAttach(dev, Optional.of(load(root, ProgType.XDP, xdpWriting(MAGIC))), 0,
                Optional.empty());
        root.progAttach(ProgAttachAttr.of(load(root, ProgType.SCHED_CLS, String.format(read, -1)),
                dev, AttachType.TCX_INGRESS, MprogOpts.APPEND));
        KernelException f = assertThrows(KernelException.class, () -> other.inject(dev, frame()));
        assertEquals(RunFault.Kind.OUT_OF_BOUNDS, ((RunFault) f.getCause()).kind(),
                "nothing before data_meta is reachable");
    }
}
