package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.interp.BytecodeExecutor;
import dev.ebld.loader.interp.Executor;
import dev.ebld.loader.interp.Interpreter;
import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.verifier.StructuralVerifier;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * XDP metadata and packet are one buffer, as in the kernel: {@code data_meta}, {@code data} and
 * {@code data_end} compare as byte positions in it, and the metadata helpers move them inside
 * it; on both executors. Expected values are the real kernel's (loader-linux's
 * {@code XdpMetadataKernelTest} holds the simulator to it on the same programs).
 */
class XdpMetadataTest {
    static Stream<Executor> executors() {
        return Stream.of(new Interpreter(), new BytecodeExecutor());
    }

    /** {@code if (data_meta + n > data) return 1; return data_meta[n - 1];} */
    static String metaCheck(int n) {
        return "61 2 1 8 0; 61 3 1 0 0; bf 4 2 0 0; 07 4 0 0 " + n + "; b7 0 0 0 1;"
                + " 2d 4 3 1 0; 71 0 2 " + (n - 1) + " 0; 95 0 0 0 0";
    }

    /** data_in: {@code meta} bytes of metadata 0xa0.., then a 60-byte packet 0, 1, 2, ... */
    static byte[] input(int meta) {
        byte[] in = new byte[meta + 60];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (i < meta ? 0xa0 + i : i - meta);
        }
        return in;
    }

    /** A test run of {@code p} with {@code meta} bytes of metadata given through ctx_in. */
    static TestRunResult run(SimProcess k, ProgFd p, int meta) {
        byte[] in = input(meta);
        byte[] md = new byte[24];
        md[0] = (byte) meta; // data
        md[4] = (byte) in.length; // data_end
        return k.progTestRun(p, new TestRunAttr(Optional.of(in), 4096, Optional.of(md), 24, 0, 0, 0));
    }

    private static ProgFd load(SimProcess k, String prog) {
        return k.progLoad(ProgLoadAttr.of(ProgType.XDP, "meta", Asm.insns(prog))).fd();
    }

    @ParameterizedTest
    @MethodSource("executors")
    void boundsCheckForMoreMetadataThanThereIsTakesTheKernelsBranch(Executor e) {
        SimProcess k = new SimKernel().executor(e).rootProcess();
        ProgFd eight = load(k, metaCheck(8));
        assertEquals(1, run(k, eight, 0).retval(), "no metadata");
        assertEquals(1, run(k, eight, 4).retval(), "4 bytes: data_meta + 8 > data, no read");
        assertEquals(0xa7, run(k, eight, 8).retval(), "8 bytes: the last is read");
        assertEquals(0xa7, run(k, eight, 12).retval());
        assertEquals(0xa3, run(k, load(k, metaCheck(4)), 4).retval());
    }

    @ParameterizedTest
    @MethodSource("executors")
    void theWindowIsMetadataThroughPacketEnd(Executor e) {
        SimProcess k = new SimKernel().executor(e).verifier(new StructuralVerifier()).rootProcess();
        // r0 = *(u8 *)(data_meta + off), unchecked: only the safety verifier would refuse it.
        String read = "61 2 1 8 0; 71 0 2 %d 0; 95 0 0 0 0";
        assertEquals(0, run(k, load(k, String.format(read, 4)), 4).retval(), "data's first byte");
        assertEquals(59, run(k, load(k, String.format(read, 63)), 4).retval(), "the last byte");
        for (int off : new int[] {-1, 64}) {
            KernelException f = assertThrows(KernelException.class,
                    () -> run(k, load(k, String.format(read, off)), 4));
            assertEquals(RunFault.Kind.OUT_OF_BOUNDS, ((RunFault) f.getCause()).kind(),
                    "headroom and tailroom stay out of reach: " + off);
        }
    }

    /** bpf_xdp_adjust_meta(ctx, delta), then {@code *(u32 *)data_meta = 0x5a5a5a5a} if 4 bytes fit. */
    static String adjustMeta(int delta) {
        return "bf 6 1 0 0; b7 2 0 0 " + delta + "; 85 0 0 0 54; bf 7 0 0 0; 61 2 6 8 0;"
                + " 61 3 6 0 0; bf 4 2 0 0; 07 4 0 0 4; 2d 4 3 1 0; 62 2 0 0 0x5a5a5a5a;"
                + " bf 0 7 0 0; 95 0 0 0 0";
    }

    @ParameterizedTest
    @MethodSource("executors")
    void adjustMetaGrowsAndShrinksTheMetadataInPlace(Executor e) {
        SimProcess k = new SimKernel().executor(e).rootProcess();
        TestRunResult grown = run(k, load(k, adjustMeta(-4)), 4);
        assertEquals(0, grown.retval());
        byte[] out = grown.dataOut().orElseThrow();
        assertArrayEquals(new byte[] {0x5a, 0x5a, 0x5a, 0x5a}, Arrays.copyOf(out, 4));
        assertArrayEquals(input(4), Arrays.copyOfRange(out, 4, out.length), "the rest as it came");
        assertEquals(8, grown.ctxOut().orElseThrow()[0], "ctx_out: data 8 bytes after data_meta");
        TestRunResult shrunk = run(k, load(k, adjustMeta(4)), 8);
        assertEquals(0, shrunk.retval());
        assertEquals(64, shrunk.dataOut().orElseThrow().length, "4 bytes of metadata left");
        assertEquals(-Errno.EINVAL.number(), (int) run(k, load(k, adjustMeta(8)), 4).retval(),
                "data_meta may not pass data");
        assertEquals(0, run(k, load(k, adjustMeta(-36)), 0).retval(), "more than 32 bytes, as Linux 6.18");
        assertEquals(-Errno.EINVAL.number(), (int) run(k, load(k, adjustMeta(-220)), 0).retval(),
                "not into the xdp_frame at the buffer start");
        assertEquals(-Errno.EACCES.number(), (int) run(k, load(k, adjustMeta(-2)), 0).retval(),
                "a multiple of 4");
    }

    @ParameterizedTest
    @MethodSource("executors")
    void adjustHeadCarriesTheMetadataAlong(Executor e) {
        SimProcess k = new SimKernel().executor(e).rootProcess();
        // bpf_xdp_adjust_head(ctx, 14); return *(u32 *)data_meta if 4 bytes fit, else the result.
        String prog = "bf 6 1 0 0; b7 2 0 0 14; 85 0 0 0 44; bf 7 0 0 0; 61 2 6 8 0; 61 3 6 0 0;"
                + " bf 4 2 0 0; 07 4 0 0 4; bf 0 7 0 0; 2d 4 3 1 0; 61 0 2 0 0; 95 0 0 0 0";
        TestRunResult r = run(k, load(k, prog), 4);
        assertEquals(0xa3a2a1a0L, r.retval(), "the metadata moved with data");
        byte[] in = input(4);
        byte[] expected = new byte[in.length - 14];
        System.arraycopy(in, 0, expected, 0, 4);
        System.arraycopy(in, 18, expected, 4, in.length - 18);
        assertArrayEquals(expected, r.dataOut().orElseThrow());
    }
}
