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

    private static final byte[] NO_META = new byte[0];

    private PacketPath() {
    }

    /** An XDP run's answer and the metadata it left in front of the packet. */
    private record XdpOutcome(InjectResult result, byte[] meta) {
    }

    static InjectResult receive(SimKernel k, SimDevice dev, byte[] frame) {
        if (frame.length < TestRunner.ETH_HLEN) {
            throw new KernelException(Errno.EINVAL, "a frame of " + frame.length
                    + " bytes is shorter than an Ethernet header");
        }
        byte[] pkt = frame.clone();
        if (dev.xdpProg == null) {
            return chain(k, dev, dev.ingress, NO_META, pkt, delivered(pkt));
        }
        XdpOutcome run = runXdp(k, dev.xdpProg, dev, pkt);
        InjectResult xdp = run.result();
        return switch (xdp.verdict()) {
            // The frame, as a socket buffer, meets the tcx ingress chain: here on XDP_PASS with
            // the metadata the program left (bpf_prog_run_generic_xdp's skb_metadata_set), on
            // the target CPU after a cpumap redirect (cpu_map_kthread_run hands it to
            // netif_receive_skb_list) without: the generic path sets no metadata on a redirect.
            case PASS -> chain(k, dev, dev.ingress, run.meta(), xdp.packet(), xdp);
            case XDP_REDIRECT -> switch (xdp.route().kind()) {
                case CPU -> chain(k, dev, dev.ingress, NO_META, xdp.packet(), xdp);
                case DEVICE -> {
                    redirectOut(k, ((Route.Device) xdp.route()).ifindex(), xdp.packet());
                    yield xdp;
                }
                case NONE, FALLBACK -> xdp; // a broadcast: its targets are not recorded
            };
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
     * exist drops the frame, as xdp_do_redirect failing does.
     */
    private static void redirectOut(SimKernel k, Ifindex to, byte[] pkt) {
        k.findDevice(to.value()).ifPresent(d -> d.transmitted.add(pkt)); // pkt: a copy of its own
    }

    /** The answer when no program decides: delivered as it came. */
    private static InjectResult delivered(byte[] pkt) {
        return new InjectResult(InjectResult.Verdict.PASS, 0, Optional.empty(), pkt, Route.none());
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
        InjectResult r = chain(k, dev, dev.egress, NO_META, pkt, delivered(pkt));
        if (r.verdict() == InjectResult.Verdict.PASS) {
            dev.transmitted.add(r.packet());
        }
        return r;
    }

    /**
     * A tcx chain on {@code pkt} with {@code meta} in front of it (empty but for a frame XDP
     * passed); {@code passed} is the answer when no program decides. The chain runs on the
     * CPU {@code passed} names (a cpumap redirect's target), else on CPU 0, and any answer keeps
     * that CPU; {@code passed}'s fallback stays only while its verdict does.
     */
    private static InjectResult chain(SimKernel k, SimDevice dev, Mprog hook, byte[] meta,
            byte[] pkt, InjectResult passed) {
        OptionalInt cpumap = switch (passed.route().kind()) {
            case CPU -> OptionalInt.of(((Route.Cpu) passed.route()).cpu());
            case NONE, DEVICE, FALLBACK -> OptionalInt.empty();
        };
        RunEnv env = new RunEnv(ProgType.SCHED_CLS, cpumap.orElse(0));
        SkbContext access = new SkbContext(env);
        AddressSpace.putLe(access.fields, SkbContext.INGRESS_IFINDEX, 4, dev.ifindex.value());
        AddressSpace.putLe(access.fields, SkbContext.IFINDEX, 4, dev.ifindex.value());
        try (RunFrame f = RunFrame.tcx(k, env, access, meta, pkt)) {
            for (SimProg p : hook.progs()) {
                long r0 = f.run(k, p, 1).r0();
                InjectResult.Verdict verdict = switch ((int) r0) {
                    case TCX_PASS -> InjectResult.Verdict.PASS;
                    case TCX_DROP -> InjectResult.Verdict.TCX_DROP;
                    case TCX_REDIRECT -> InjectResult.Verdict.TCX_REDIRECT;
                    default -> null; // TCX_NEXT and codes tcx does not know: the next program
                };
                if (verdict != null) {
                    return new InjectResult(verdict, r0, Optional.of(p.id()), f.dataOut(),
                            tcxRoute(verdict, env, cpumap));
                }
            }
            return new InjectResult(passed.verdict(), passed.retval(), passed.decidedBy(),
                    f.dataOut(), passed.route());
        }
    }

    /**
     * Where a tcx program's verdict sends the frame: for TCX_REDIRECT the device bpf_redirect
     * named (if it named one), and the CPU a cpumap redirect brought the frame to.
     */
    private static Route tcxRoute(InjectResult.Verdict verdict, RunEnv env, OptionalInt cpumap) {
        Optional<Ifindex> to = verdict == InjectResult.Verdict.TCX_REDIRECT && env.redirectIfindex > 0
                ? Optional.of(new Ifindex(env.redirectIfindex)) : Optional.empty();
        if (cpumap.isPresent()) {
            return new Route.Cpu(cpumap.getAsInt(), to);
        }
        return to.isPresent() ? new Route.Device(to.get()) : Route.none();
    }

    /**
     * Runs XDP program {@code p} on a frame arriving on {@code dev}: its verdict, for
     * XDP_REDIRECT where the helpers aimed the frame (a device, or a CPU), and the metadata the
     * program left in front of the packet.
     */
    private static XdpOutcome runXdp(SimKernel k, SimProg p, SimDevice dev, byte[] pkt) {
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
            return new XdpOutcome(new InjectResult(verdict, r0, Optional.of(p.id()), f.packet(),
                    xdpRoute(verdict, env, r0)), f.meta());
        }
    }

    /**
     * Where an XDP verdict sends the frame: for XDP_REDIRECT the cpumap CPU or the device the
     * last redirect helper aimed at; for a return code that is what the last bpf_redirect_map
     * miss answered, that miss.
     */
    private static Route xdpRoute(InjectResult.Verdict verdict, RunEnv env, long r0) {
        if (verdict == InjectResult.Verdict.XDP_REDIRECT) {
            if (env.redirectCpu >= 0) {
                return new Route.Cpu(env.redirectCpu);
            }
            return env.redirectIfindex > 0 ? new Route.Device(new Ifindex(env.redirectIfindex))
                    : Route.none();
        }
        return env.redirectMiss != null && r0 == env.missAnswer
                ? new Route.Fallback(env.redirectMiss) : Route.none();
    }

    /** Runs raw tracepoint program {@code p} with {@code args} as its u64 arguments. */
    static long runRawTp(SimKernel k, SimProg p, long[] args) {
        try (RunFrame f = RunFrame.rawTp(k, p.runType, 0, args)) {
            return f.run(k, p, 1).r0();
        }
    }
}
