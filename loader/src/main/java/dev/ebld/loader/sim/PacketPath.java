package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ProgType;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The receive path of a simulated device, as the kernel's: the XDP program (netif_receive_generic_xdp
 * or the driver's hook) on an XDP buffer with {@link RunEnv#HEADROOM} of headroom; on XDP_PASS the
 * frame becomes a socket buffer and the tcx ingress programs run in bpf_mprog order
 * (tcx_run): TCX_NEXT goes on to the next program, any other action ends the chain, and codes tcx
 * does not know count as TCX_NEXT (tcx_action_code).
 */
final class PacketPath {
    static final int XDP_ABORTED = 0;
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;
    static final int XDP_TX = 3;
    static final int XDP_REDIRECT = 4;
    static final int TCX_NEXT = -1;
    static final int TCX_PASS = 0;
    static final int TCX_DROP = 2;
    static final int TCX_REDIRECT = 7;

    private PacketPath() {
    }

    static InjectResult receive(SimKernel k, SimDevice dev, byte[] frame) {
        if (frame.length < TestRunner.ETH_HLEN) {
            throw new KernelException(Errno.EINVAL, "a frame of " + frame.length
                    + " bytes is shorter than an Ethernet header");
        }
        byte[] pkt = frame.clone();
        if (dev.xdpProg == null) {
            return chain(k, dev, dev.ingress, pkt, InjectResult.of(InjectResult.Verdict.PASS, 0,
                    Optional.empty(), pkt, Optional.empty()));
        }
        InjectResult xdp = runXdp(k, dev.xdpProg, dev, pkt);
        return switch (xdp.verdict()) {
            // The frame, as a socket buffer, meets the tcx ingress chain: here on XDP_PASS, on
            // the target CPU after a cpumap redirect (cpu_map_kthread_run hands it to
            // netif_receive_skb_list).
            case PASS -> chain(k, dev, dev.ingress, xdp.packet(), xdp);
            case XDP_REDIRECT -> {
                if (xdp.cpu().isPresent()) {
                    yield chain(k, dev, dev.ingress, xdp.packet(), xdp);
                }
                redirectOut(k, xdp.redirect(), xdp.packet());
                yield xdp;
            }
            case XDP_TX -> {
                dev.transmitted.add(xdp.packet());
                yield xdp;
            }
            case XDP_ABORTED, XDP_DROP -> xdp;
            case TCX_DROP, TCX_REDIRECT -> throw new IllegalStateException("XDP answered " + xdp.verdict());
        };
    }

    /**
     * An XDP redirect to a device sends the frame straight out of it, past its tcx egress chain
     * (generic XDP's generic_xdp_tx; a driver's ndo_xdp_xmit likewise). A target that does not
     * exist drops the frame, as xdp_do_redirect failing does; so does a broadcast, whose targets
     * the run does not record.
     */
    private static void redirectOut(SimKernel k, Optional<Ifindex> to, byte[] pkt) {
        to.flatMap(i -> k.findDevice(i.value())).ifPresent(d -> d.transmitted.add(pkt.clone()));
    }

    /**
     * A frame the stack sends out of {@code dev}: the tcx egress chain, then (unless it dropped or
     * redirected the frame) the wire, where it is recorded as transmitted.
     */
    static InjectResult send(SimKernel k, SimDevice dev, byte[] frame) {
        if (frame.length < TestRunner.ETH_HLEN) {
            throw new KernelException(Errno.EINVAL, "a frame of " + frame.length
                    + " bytes is shorter than an Ethernet header");
        }
        byte[] pkt = frame.clone();
        InjectResult r = chain(k, dev, dev.egress, pkt, InjectResult.of(InjectResult.Verdict.PASS,
                0, Optional.empty(), pkt, Optional.empty()));
        if (r.verdict() == InjectResult.Verdict.PASS) {
            dev.transmitted.add(r.packet());
        }
        return r;
    }

    /**
     * A tcx chain; {@code passed} is the answer when no program decides. The chain runs on the
     * CPU {@code passed} names (a cpumap redirect's target), else on CPU 0, and any answer keeps
     * that CPU; {@code passed}'s fallback stays only while its verdict does.
     */
    private static InjectResult chain(SimKernel k, SimDevice dev, Mprog hook, byte[] pkt,
            InjectResult passed) {
        RunEnv env = new RunEnv(ProgType.SCHED_CLS, passed.cpu().orElse(0));
        SkbContext access = new SkbContext(env);
        AddressSpace.putLe(access.fields, SkbContext.INGRESS_IFINDEX, 4, dev.ifindex.value());
        AddressSpace.putLe(access.fields, SkbContext.IFINDEX, 4, dev.ifindex.value());
        try (RunFrame f = RunFrame.skb(k, env, access, pkt, 0)) {
            for (SimProg p : hook.progs()) {
                long r0 = f.run(k, p, 1).r0();
                Optional<Ifindex> to = env.redirectIfindex > 0
                        ? Optional.of(new Ifindex(env.redirectIfindex)) : Optional.empty();
                InjectResult.Verdict verdict = switch ((int) r0) {
                    case TCX_PASS -> InjectResult.Verdict.PASS;
                    case TCX_DROP -> InjectResult.Verdict.TCX_DROP;
                    case TCX_REDIRECT -> InjectResult.Verdict.TCX_REDIRECT;
                    default -> null; // TCX_NEXT and codes tcx does not know: the next program
                };
                if (verdict != null) {
                    return new InjectResult(verdict, r0, Optional.of(p.id()), f.dataOut(), to,
                            passed.cpu(), Optional.empty());
                }
            }
            return new InjectResult(passed.verdict(), passed.retval(), passed.decidedBy(),
                    f.dataOut(), Optional.empty(), passed.cpu(), passed.fallback());
        }
    }

    /**
     * Runs XDP program {@code p} on a frame arriving on {@code dev} (the stack gets no metadata):
     * its verdict, and for XDP_REDIRECT where the helpers aimed the frame (a device, or a CPU).
     */
    private static InjectResult runXdp(SimKernel k, SimProg p, SimDevice dev, byte[] pkt) {
        if (pkt.length > RunFrame.XDP_MAX_DATA) {
            throw new KernelException(Errno.EINVAL, "a frame of " + pkt.length + " bytes exceeds"
                    + " the " + RunFrame.XDP_MAX_DATA + " a one-page XDP buffer holds");
        }
        RunEnv env = new RunEnv(ProgType.XDP, 0);
        XdpContext access = new XdpContext(env);
        access.ingressIfindex = dev.ifindex.value();
        try (RunFrame f = RunFrame.xdp(k, env, access, pkt, 0)) {
            long r0 = f.run(k, p, 1).r0();
            InjectResult.Verdict verdict = switch ((int) r0 == r0 ? (int) r0 : -1) {
                case XDP_PASS -> InjectResult.Verdict.PASS;
                case XDP_DROP -> InjectResult.Verdict.XDP_DROP;
                case XDP_TX -> InjectResult.Verdict.XDP_TX;
                case XDP_REDIRECT -> InjectResult.Verdict.XDP_REDIRECT;
                default -> InjectResult.Verdict.XDP_ABORTED;
            };
            boolean redirected = verdict == InjectResult.Verdict.XDP_REDIRECT;
            Optional<Ifindex> to = redirected && env.redirectIfindex > 0
                    ? Optional.of(new Ifindex(env.redirectIfindex)) : Optional.empty();
            OptionalInt cpu = redirected && env.redirectCpu >= 0
                    ? OptionalInt.of(env.redirectCpu) : OptionalInt.empty();
            Optional<RedirectMiss> fallback = env.redirectMiss != null && r0 == env.missAnswer
                    ? Optional.of(env.redirectMiss) : Optional.empty();
            return new InjectResult(verdict, r0, Optional.of(p.id()), f.packet(), to, cpu, fallback);
        }
    }

    /** Runs raw tracepoint program {@code p} with {@code args} as its u64 arguments. */
    static long runRawTp(SimKernel k, SimProg p, long[] args) {
        try (RunFrame f = RunFrame.rawTp(k, p.runType, 0, args)) {
            return f.run(k, p, 1).r0();
        }
    }
}
