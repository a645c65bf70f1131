package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import java.util.Arrays;

/**
 * A socket buffer test run as {@code bpf_prog_test_run_skb}: tc programs (SCHED_CLS, SCHED_ACT)
 * see the frame from its Ethernet header, socket filters and cgroup skb programs from the
 * network header after it. {@code protocol} is the frame's EtherType, as eth_type_trans sets it;
 * a {@code __sk_buff} in {@code ctx_in} may set only the fields the kernel lets it (mark,
 * priority, ifindexes, cb, tstamp, wire_len, gso_segs, gso_size, hwtstamp). The packet that
 * comes out is the whole frame.
 */
final class SkbRun {
    /** Byte ranges of __sk_buff that ctx_in may set; everything else must be zero. */
    private static final int[][] SETTABLE = {
        {8, 12}, {32, 44}, {48, 68}, {152, 168}, {176, 180}, {184, 192},
    };

    private SkbRun() {
    }

    static TestRunResult run(SimKernel k, SimProg p, TestRunAttr a) {
        byte[] frame = TestRunner.frame(p, a);
        if (frame.length == TestRunner.ETH_HLEN) {
            // As bpf_prog_test_run_skb: with the Ethernet header pulled the skb is empty, and
            // an empty skb is refused (selftests' empty_skb), whatever the program type.
            throw TestRunner.invalid(p, "data_in of 14 bytes leaves an empty skb after the"
                    + " Ethernet header");
        }
        RunEnv env = new RunEnv(p.type, 0);
        SkbContext ctxAccess = new SkbContext(env);
        a.ctxIn().ifPresent(c -> readCtx(p, c, ctxAccess));
        boolean l2 = p.type == ProgType.SCHED_CLS || p.type == ProgType.SCHED_ACT;
        try (RunFrame f = RunFrame.skb(k, env, ctxAccess, frame, l2 ? 0 : TestRunner.ETH_HLEN)) {
            TestRunner.Outcome o = f.run(k, p, a.repeat());
            return TestRunResult.ofR0(o.r0(), o.durationNs(),
                    TestRunner.out(f.dataOut(), a.dataOutSize(), "data_out"),
                    TestRunner.out(ctxAccess.snapshot(), a.ctxOutSize(), "ctx_out"));
        }
    }

    private static void readCtx(SimProg p, byte[] c, SkbContext access) {
        if (c.length > SkbContext.SIZE) {
            throw TestRunner.invalid(p, "ctx_in of " + c.length + " bytes is larger than __sk_buff");
        }
        byte[] skb = Arrays.copyOf(c, SkbContext.SIZE);
        for (int off = 0; off < SkbContext.SIZE; off++) {
            if (skb[off] != 0 && !settable(off)) {
                throw TestRunner.invalid(p, "__sk_buff byte " + off + " may not be set in ctx_in");
            }
        }
        System.arraycopy(skb, 0, access.fields, 0, SkbContext.SIZE);
    }

    private static boolean settable(int off) {
        for (int[] r : SETTABLE) {
            if (off >= r[0] && off < r[1]) {
                return true;
            }
        }
        return false;
    }
}
