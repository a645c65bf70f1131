package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.ObjectId;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of a frame injected into a simulated device ({@link SimKernel#inject}) or sent
 * out of one ({@link SimKernel#send}).
 *
 * @param verdict what happened to the frame
 * @param retval the deciding program's return code (an XDP action or a tc action): for a frame
 *     that XDP passed and no tcx program decided on, the XDP program's XDP_PASS; 0 when no
 *     program ran
 * @param decidedBy the attached program whose return code decided; empty when none did
 * @param packet the frame as it leaves, after the programs' rewrites and head/tail adjustments
 * @param route where the frame went beyond the verdict; only a route that can explain
 *     {@code verdict} is accepted (see the constructor)
 */
public record InjectResult(Verdict verdict, long retval, Optional<ObjectId> decidedBy,
        byte[] packet, Route route) {

    /** What happened to a frame. */
    public enum Verdict {
        /** XDP_ABORTED, or an XDP return code the kernel does not know. */
        XDP_ABORTED,
        XDP_DROP,
        /** XDP_TX: sent back out of the device it came in on (recorded on the device). */
        XDP_TX,
        /**
         * XDP_REDIRECT: out of a device ({@link Route.Device}, recorded as sent by it), to a
         * CPU's network stack ({@link Route.Cpu}), or nowhere the run records (a broadcast).
         */
        XDP_REDIRECT,
        /** TCX_DROP from the ingress chain. */
        TCX_DROP,
        /** TCX_REDIRECT from the ingress chain. */
        TCX_REDIRECT,
        /**
         * Delivered: on receive to the network stack (XDP passed, the ingress chain passed or
         * said next), on {@link SimKernel#send} to the wire (the egress chain let it go).
         */
        PASS
    }

    /**
     * Checks that {@code route} can explain {@code verdict}: a target device goes only with a
     * redirect verdict; a cpumap's CPU only with XDP_REDIRECT (no tcx program there decided, so
     * no tcx redirect either) or with a verdict of the tcx chain that ran there; a redirect miss
     * only with the actions a fallback can be (the low two flag bits of bpf_redirect_map).
     *
     * @throws IllegalArgumentException if it cannot
     */
    public InjectResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(decidedBy, "decidedBy");
        packet = packet.clone();
        Objects.requireNonNull(route, "route");
        if (!explains(route, verdict)) {
            throw new IllegalArgumentException("route " + route + " cannot explain " + verdict);
        }
    }

    /** The constructor's rule. */
    private static boolean explains(Route route, Verdict verdict) {
        return switch (route.kind()) {
            case NONE -> true;
            case DEVICE -> verdict == Verdict.XDP_REDIRECT || verdict == Verdict.TCX_REDIRECT;
            case CPU -> switch (verdict) {
                case XDP_REDIRECT, PASS, TCX_DROP -> ((Route.Cpu) route).tcxRedirect().isEmpty();
                case TCX_REDIRECT -> true;
                case XDP_ABORTED, XDP_DROP, XDP_TX -> false;
            };
            case FALLBACK -> switch (verdict) {
                case XDP_ABORTED, XDP_DROP, XDP_TX, PASS -> true;
                case XDP_REDIRECT, TCX_DROP, TCX_REDIRECT -> false;
            };
        };
    }

    @Override
    public byte[] packet() {
        return packet.clone();
    }
}
