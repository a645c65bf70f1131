package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ProgType;
import java.util.Arrays;
import java.util.Optional;

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
        InjectResult passed = new InjectResult(InjectResult.Verdict.PASS, 0, Optional.empty(),
                pkt, Optional.empty());
        if (dev.xdpProg != null) {
            SimProg p = dev.xdpProg;
            RunEnv env = new RunEnv(ProgType.XDP, 0);
            long r0 = runXdp(k, p, dev, env, pkt);
            pkt = env.lastPacket;
            Optional<Ifindex> to = env.redirectIfindex > 0
                    ? Optional.of(new Ifindex(env.redirectIfindex)) : Optional.empty();
            InjectResult.Verdict verdict = switch ((int) r0 == r0 ? (int) r0 : -1) {
                case XDP_PASS -> InjectResult.Verdict.PASS;
                case XDP_DROP -> InjectResult.Verdict.XDP_DROP;
                case XDP_TX -> InjectResult.Verdict.XDP_TX;
                case XDP_REDIRECT -> InjectResult.Verdict.XDP_REDIRECT;
                default -> InjectResult.Verdict.XDP_ABORTED;
            };
            if (verdict == InjectResult.Verdict.PASS) {
                passed = new InjectResult(verdict, r0, Optional.of(p.id()), pkt, Optional.empty());
            } else {
                if (verdict == InjectResult.Verdict.XDP_TX) {
                    dev.transmitted.add(pkt.clone());
                }
                return new InjectResult(verdict, r0, Optional.of(p.id()), pkt, to);
            }
        }
        return ingress(k, dev, pkt, passed);
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
        InjectResult r = chain(k, dev, dev.egress, pkt, new InjectResult(InjectResult.Verdict.PASS,
                0, Optional.empty(), pkt, Optional.empty()));
        if (r.verdict() == InjectResult.Verdict.PASS) {
            dev.transmitted.add(r.packet());
        }
        return r;
    }

    private static InjectResult ingress(SimKernel k, SimDevice dev, byte[] pkt,
            InjectResult passed) {
        return chain(k, dev, dev.ingress, pkt, passed);
    }

    /** A tcx chain; {@code passed} is the answer when no program decides. */
    private static InjectResult chain(SimKernel k, SimDevice dev, Mprog hook, byte[] pkt,
            InjectResult passed) {
        RunEnv env = new RunEnv(ProgType.SCHED_CLS, 0);
        SkbContext access = new SkbContext(env);
        access.protocol = (pkt[12] & 0xff) | (pkt[13] & 0xff) << 8;
        AddressSpace.putLe(access.fields, SkbContext.INGRESS_IFINDEX, 4, dev.ifindex.value());
        AddressSpace.putLe(access.fields, SkbContext.IFINDEX, 4, dev.ifindex.value());
        env.packet = k.space().add(Region.memory("packet", pkt, 0, pkt.length, true));
        env.meta = k.space().add(Region.memory("skb metadata", pkt, 0, 0, true));
        Region ctx = k.space().add(Region.context("__sk_buff", SkbContext.SIZE, access));
        try {
            for (SimProg p : hook.progs()) {
                long r0 = TestRunner.execute(k, p, env, AddressSpace.pointer(ctx, 0), 1).r0();
                int code = (int) r0;
                Optional<Ifindex> to = env.redirectIfindex > 0
                        ? Optional.of(new Ifindex(env.redirectIfindex)) : Optional.empty();
                InjectResult.Verdict verdict = switch (code) {
                    case TCX_PASS -> InjectResult.Verdict.PASS;
                    case TCX_DROP -> InjectResult.Verdict.TCX_DROP;
                    case TCX_REDIRECT -> InjectResult.Verdict.TCX_REDIRECT;
                    default -> null; // TCX_NEXT and codes tcx does not know: the next program
                };
                if (verdict != null) {
                    return new InjectResult(verdict, r0, Optional.of(p.id()), pkt, to);
                }
            }
            return new InjectResult(passed.verdict(), passed.retval(), passed.decidedBy(), pkt,
                    Optional.empty());
        } finally {
            k.space().remove(ctx);
            k.space().remove(env.packet);
            k.space().remove(env.meta);
        }
    }

    /** Runs XDP program {@code p}; leaves the frame as it leaves in {@code env.lastPacket}. */
    private static long runXdp(SimKernel k, SimProg p, SimDevice dev, RunEnv env, byte[] pkt) {
        int max = RunEnv.XDP_BUFFER - RunEnv.HEADROOM - RunEnv.TAILROOM;
        if (pkt.length > max) {
            throw new KernelException(Errno.EINVAL, "a frame of " + pkt.length + " bytes exceeds"
                    + " the " + max + " a one-page XDP buffer holds");
        }
        XdpContext access = new XdpContext(env);
        access.ingressIfindex = dev.ifindex.value();
        byte[] buf = new byte[RunEnv.XDP_BUFFER];
        System.arraycopy(pkt, 0, buf, RunEnv.HEADROOM, pkt.length);
        env.meta = k.space().add(Region.memory("xdp metadata", buf, RunEnv.HEADROOM, 0, true));
        env.packet = k.space().add(Region.memory("packet", buf, RunEnv.HEADROOM, pkt.length, true));
        Region ctx = k.space().add(Region.context("xdp_md", XdpContext.SIZE, access));
        try {
            long r0 = TestRunner.execute(k, p, env, AddressSpace.pointer(ctx, 0), 1).r0();
            env.lastPacket = Arrays.copyOfRange(buf, env.packet.base(),
                    env.packet.base() + env.packet.size());
            return r0;
        } finally {
            k.space().remove(ctx);
            k.space().remove(env.packet);
            k.space().remove(env.meta);
        }
    }

    /** Runs raw tracepoint program {@code p} with {@code args} as its u64 arguments. */
    static long runRawTp(SimKernel k, SimProg p, long[] args) {
        byte[] ctx = new byte[args.length * 8];
        for (int i = 0; i < args.length; i++) {
            AddressSpace.putLe(ctx, i * 8, 8, args[i]);
        }
        Region r = k.space().add(Region.memory("raw_tp args", ctx, 0, ctx.length, false));
        try {
            return TestRunner.execute(k, p, new RunEnv(p.runType, 0), AddressSpace.pointer(r, 0),
                    1).r0();
        } finally {
            k.space().remove(r);
        }
    }
}
