package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.interp.RunState;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code BPF_PROG_TEST_RUN} per program type, with the kernel's rules for which attributes each
 * type takes (net/bpf/test_run.c): XDP ({@code bpf_prog_test_run_xdp}), tc and socket filters
 * ({@code bpf_prog_test_run_skb}), raw tracepoints ({@code bpf_prog_test_run_raw_tp}) and syscall
 * programs ({@code bpf_prog_test_run_syscall}) and tracing programs
 * ({@code bpf_prog_test_run_tracing}, see {@link #tracing}). Other types are {@code ENOTSUPP}, as a type
 * without a {@code test_run} operation is in the kernel.
 *
 * <p>A run that faults (possible only when the verifier let an unsafe program through) fails
 * with {@code EFAULT}, the {@link RunFault} as the cause and its message (program name and id,
 * instruction, region) as the message.
 */
final class TestRunner {
    static final int ETH_HLEN = 14;
    /** MAX_BPF_FUNC_ARGS u64 arguments: the largest raw_tp context. */
    private static final int MAX_RAW_TP_CTX = 12 * 8;
    private static final int BPF_F_TEST_RUN_ON_CPU = 1;

    private TestRunner() {
    }

    static TestRunResult run(SimKernel k, SimProg p, TestRunAttr a) {
        return switch (p.type) {
            case XDP -> XdpRun.run(k, p, a);
            case SCHED_CLS, SCHED_ACT, SOCKET_FILTER, CGROUP_SKB -> SkbRun.run(k, p, a);
            case RAW_TRACEPOINT -> rawTp(k, p, a);
            case SYSCALL -> syscall(k, p, a);
            case TRACING -> tracing(p, a);
            case UNSPEC, KPROBE, TRACEPOINT, PERF_EVENT, CGROUP_SOCK, LWT_IN, LWT_OUT, LWT_XMIT, SOCK_OPS,
                    SK_SKB, CGROUP_DEVICE, SK_MSG, CGROUP_SOCK_ADDR, LWT_SEG6LOCAL, LIRC_MODE2, SK_REUSEPORT,
                    FLOW_DISSECTOR, CGROUP_SYSCTL, RAW_TRACEPOINT_WRITABLE, CGROUP_SOCKOPT, STRUCT_OPS, EXT,
                    LSM, SK_LOOKUP, NETFILTER -> throw notSupported(p);
        };
    }

    private static KernelException notSupported(SimProg p) {
        return new KernelException(Errno.ENOTSUPP, "BPF_PROG_TEST_RUN is not supported for " + p.type
                + " programs by the simulated kernel");
    }

    /** data_in of a packet run: flags and cpu unset, at least an Ethernet header of data. */
    static byte[] frame(SimProg p, TestRunAttr a) {
        if (a.flags() != 0 || a.cpu() != 0) {
            throw invalid(p, "flags and cpu must be 0 (live frames are not simulated)");
        }
        byte[] data = a.dataIn().orElse(new byte[0]);
        if (data.length < ETH_HLEN) {
            throw invalid(p, "data_in of " + data.length
                    + " bytes is shorter than an Ethernet header (14)");
        }
        return data;
    }

    static KernelException invalid(SimProg p, String why) {
        return new KernelException(Errno.EINVAL, "test run of " + p.type + " program " + p.name
                + ": " + why);
    }

    private static TestRunResult rawTp(SimKernel k, SimProg p, TestRunAttr a) {
        if (a.dataIn().isPresent() || a.dataOutSize() != 0 || a.ctxOutSize() != 0
                || a.repeat() != 0) {
            throw invalid(p, "raw_tp takes no data_in, data_out, ctx_out or repeat");
        }
        if ((a.flags() & ~BPF_F_TEST_RUN_ON_CPU) != 0
                || (a.flags() & BPF_F_TEST_RUN_ON_CPU) == 0 && a.cpu() != 0) {
            throw invalid(p, "flags " + a.flags() + " with cpu " + a.cpu());
        }
        if (a.cpu() >= k.possibleCpus()) {
            throw new KernelException(Errno.ENXIO, "cpu " + a.cpu() + " does not exist");
        }
        byte[] ctx = a.ctxIn().orElse(new byte[0]);
        if (ctx.length > MAX_RAW_TP_CTX || ctx.length % 8 != 0) {
            throw invalid(p, "ctx_in of " + ctx.length + " bytes is not at most 12 u64 arguments");
        }
        try (RunFrame f = RunFrame.rawTp(k, p.type, a.cpu(), ctx)) {
            return TestRunResult.ofR0(f.run(k, p, 1).r0, 0, Optional.empty(), Optional.empty());
        }
    }

    private static TestRunResult syscall(SimKernel k, SimProg p, TestRunAttr a) {
        if (a.dataIn().isPresent() || a.dataOutSize() != 0 || a.ctxOutSize() != 0
                || a.repeat() != 0 || a.flags() != 0 || a.cpu() != 0) {
            throw invalid(p, "syscall programs take only ctx_in");
        }
        byte[] ctx = a.ctxIn().orElse(new byte[0]);
        if (ctx.length > 0xffff) {
            throw invalid(p, "ctx_in of " + ctx.length + " bytes is larger than U16_MAX");
        }
        RunEnv env = new RunEnv(p.type, 0);
        Region r = k.space().add(Region.memory("syscall ctx", ctx, 0, ctx.length, true));
        try {
            Outcome o = execute(k, p, env, ctx.length == 0 ? 0 : AddressSpace.pointer(r, 0), 1);
            // The kernel copies the context back into the caller's ctx_in buffer.
            return TestRunResult.ofR0(o.r0, 0, Optional.empty(),
                    ctx.length == 0 ? Optional.empty() : Optional.of(ctx));
        } finally {
            k.space().remove(r);
        }
    }

    /**
     * bpf_prog_test_run_tracing: for fentry and fexit programs the kernel calls its
     * bpf_fentry_test functions, which run the program only if it is attached; the simulated
     * kernel has no attachment yet, so, like the kernel for an unattached program, the run
     * succeeds with retval 0 without running it. Other tracing attach types are ENOTSUPP.
     */
    private static TestRunResult tracing(SimProg p, TestRunAttr a) {
        if (a.flags() != 0 || a.cpu() != 0) {
            throw invalid(p, "flags and cpu must be 0");
        }
        boolean entryExit = p.expectedAttachType.filter(t -> t == AttachType.TRACE_FENTRY
                || t == AttachType.TRACE_FEXIT).isPresent();
        if (!entryExit) {
            throw new KernelException(Errno.ENOTSUPP, "test run of tracing program " + p.name
                    + " with attach type " + p.expectedAttachType.map(Enum::name).orElse("none")
                    + " is not supported");
        }
        return new TestRunResult(0, 0, Optional.empty(), Optional.empty());
    }

    /** r0 of the last run and the mean time per run. */
    record Outcome(long r0, long durationNs) {
    }

    /** Runs {@code repeat} times (0 means once) with r1 = {@code ctx}. */
    static Outcome execute(SimKernel k, SimProg p, RunEnv env, long ctx, int repeat) {
        int n = Math.max(1, repeat);
        RunState st = k.runState();
        st.env(env);
        st.packet(env.packet, env.metaLen);
        long r0 = 0;
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                r0 = runChained(k, p, st, ctx);
            }
        } catch (RunFault f) {
            // The fault names program (and id), instruction and region itself.
            throw new KernelException(Errno.EFAULT, f.getMessage(), f);
        } finally {
            st.env(null);
            st.packet(null);
        }
        return new Outcome(r0, (System.nanoTime() - start) / n);
    }

    /**
     * One run of {@code p} on {@code ctx}, followed, for a program with chain-call slots (the
     * 2019 RFC), by the programs its return codes select, as do_chain_calls.
     */
    static long runChained(SimKernel k, SimProg p, RunState st, long ctx) {
        SimProg cur = p;
        int left = ChainCalls.MAX_CALLS;
        long r0;
        do {
            st.reset();
            st.regs()[1] = ctx;
            r0 = k.executorImpl().execute(cur.image, st);
            cur = ChainCalls.next(cur, r0);
        } while (cur != null && --left > 0);
        return r0;
    }

    /** data_out or ctx_out: ENOSPC when the caller's room is smaller, as bpf_test_finish. */
    static Optional<byte[]> out(byte[] bytes, int room, String what) {
        if (room == 0) {
            return Optional.empty();
        }
        if (room < bytes.length) {
            throw new KernelException(Errno.ENOSPC, what + " of " + bytes.length
                    + " bytes does not fit the " + room + " bytes given");
        }
        return Optional.of(Arrays.copyOf(bytes, bytes.length));
    }
}
