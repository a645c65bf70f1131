package dev.ebld.loader.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.insn.Alu;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.JumpOp;
import dev.ebld.insn.Load;
import dev.ebld.insn.MemSize;
import dev.ebld.insn.Reg;
import dev.ebld.insn.StoreImm;
import dev.ebld.loader.interp.BytecodeExecutor;
import dev.ebld.loader.interp.Executor;
import dev.ebld.loader.interp.Interpreter;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.testkit.RequiresKernel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * XDP metadata in both kernels: programs that check {@code data_meta + n > data}, grow and shrink
 * the metadata with bpf_xdp_adjust_meta and move data with bpf_xdp_adjust_head and data_end with
 * bpf_xdp_adjust_tail, each test-run with 0 to 32 bytes of metadata given through ctx_in, must
 * give the same return value, data_out and ctx_out in the real kernel and in the simulated one on
 * both of its executors. The check for more metadata than there is must take the branch the
 * kernel takes (the simulator once compared two regions there and faulted).
 */
@RequiresKernel
class XdpMetadataKernelTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int[] META_LENGTHS = {0, 4, 8, 32, 64};

    /** {@code r2 = data_meta; r3 = data; r4 = r2 + n} (after r6 = ctx). */
    private static List<Insn> pointers(Reg ctx, int n) {
        return List.of(Load.of(MemSize.W, Reg.R2, ctx, 8), Load.of(MemSize.W, Reg.R3, ctx, 0),
                Alu.mov64(Reg.R4, Reg.R2), Alu.add64(Reg.R4, n));
    }

    /** {@code if (data_meta + n > data) return 1; return data_meta[n - 1];} */
    private static List<Insn> metaCheck(int n) {
        List<Insn> p = new ArrayList<>(pointers(Reg.R1, n));
        p.addAll(List.of(Alu.mov64(Reg.R0, 1), Jump.Cond.reg(JumpOp.JGT, Reg.R4, Reg.R3, 1),
                Load.of(MemSize.B, Reg.R0, Reg.R2, n - 1), Jump.exit()));
        return p;
    }

    /**
     * Calls {@code helper(ctx, delta)}, then, if 4 bytes of metadata fit, writes 0x5a5a5a5a over
     * them ({@code store}) or returns them; else returns the helper's result.
     */
    private static List<Insn> adjust(int helper, int delta, boolean store) {
        List<Insn> p = new ArrayList<>(List.of(Alu.mov64(Reg.R6, Reg.R1), Alu.mov64(Reg.R2, delta),
                Jump.Call.helper(helper), Alu.mov64(Reg.R7, Reg.R0)));
        p.addAll(pointers(Reg.R6, 4));
        p.addAll(List.of(Alu.mov64(Reg.R0, Reg.R7), Jump.Cond.reg(JumpOp.JGT, Reg.R4, Reg.R3, 1),
                store ? StoreImm.of(MemSize.W, Reg.R2, 0, 0x5a5a5a5a) : Load.of(MemSize.W, Reg.R0, Reg.R2, 0),
                Jump.exit()));
        return p;
    }

    private static Map<String, List<Insn>> programs() {
        Map<String, List<Insn>> out = new LinkedHashMap<>();
        for (int n : new int[] {4, 8, 12, 36}) {
            out.put("check_" + n, metaCheck(n));
        }
        for (int d : new int[] {-4, -8, -32, -36, -2, 4, 8, -216, -220}) {
            out.put("meta_" + d, adjust(54, d, true));
        }
        for (int d : new int[] {-16, 14, -300, 50}) {
            out.put("head_" + d, adjust(44, d, false));
        }
        for (int d : new int[] {-10, 20, -60, 4000}) {
            out.put("tail_" + d, adjust(65, d, false));
        }
        return out;
    }

    /** data_in: {@code meta} bytes 0xa0.., then a 60-byte packet 0, 1, 2, ... */
    private static byte[] input(int meta) {
        byte[] in = new byte[meta + 60];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (i < meta ? 0xa0 + i : i - meta);
        }
        return in;
    }

    /** One line per program and metadata length: return value, data_out, ctx_out (or the errno). */
    private static List<String> behaviour(Kernel k) {
        List<String> out = new ArrayList<>();
        programs().forEach((name, insns) -> {
            ProgFd p = k.progLoad(ProgCallsTest.xdp("m" + name.replace("-", "n"), insns, LogOptions.NONE)).fd();
            try {
                for (int meta : META_LENGTHS) {
                    out.add(name + " meta " + meta + ": " + run(k, p, meta));
                }
            } finally {
                k.close(p);
            }
        });
        return out;
    }

    private static String run(Kernel k, ProgFd p, int meta) {
        byte[] in = input(meta);
        byte[] md = new byte[24];
        md[0] = (byte) meta; // data: the metadata length; data_meta 0
        md[4] = (byte) in.length; // data_end
        try {
            TestRunResult r = k.progTestRun(p, new TestRunAttr(Optional.of(in), 4096, Optional.of(md), 24, 0, 0, 0));
            return r.retval() + " " + r.dataOut().map(HEX::formatHex).orElse("-") + " ctx "
                    + r.ctxOut().map(HEX::formatHex).orElse("-");
        } catch (KernelException e) {
            return "errno " + e.errno();
        }
    }

    private static List<String> simulated(Executor e) {
        return behaviour(new SimKernel().executor(e).rootProcess());
    }

    @Test
    void metadataRunsAlikeInBothKernels() {
        List<String> linux;
        try (LinuxKernel k = new LinuxKernel()) {
            linux = behaviour(k);
        }
        assertThat(linux).contains("check_8 meta 4: 1 " + HEX.formatHex(input(4)) + " ctx "
                + "04000000" + "40000000" + "00".repeat(16));
        assertThat(simulated(new Interpreter())).isEqualTo(linux);
        assertThat(simulated(new BytecodeExecutor())).isEqualTo(linux);
    }
}
