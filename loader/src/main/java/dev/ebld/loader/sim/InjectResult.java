package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.ObjectId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What became of a frame injected into a simulated device ({@link SimKernel#inject}) or sent
 * out of one ({@link SimKernel#send}).
 *
 * @param verdict where the frame went
 * @param retval the deciding program's return code (an XDP action or a tc action): for a frame
 *     that XDP passed and no tcx program decided on, the XDP program's XDP_PASS; 0 when no
 *     program ran
 * @param decidedBy the attached program whose return code decided; empty when none did
 * @param packet the frame as it leaves, after the programs' rewrites and head/tail adjustments
 * @param redirect for a redirect, the target device a helper named
 * @param cpu for an XDP redirect through a cpumap, the CPU whose network stack received the
 *     frame (the tcx ingress chain ran there, and decides the verdict if one of its programs
 *     returns one); empty otherwise
 * @param fallback when the verdict is the XDP program's and the program returned what a
 *     {@code bpf_redirect_map} call that found no entry answered (its fallback action), that
 *     call, the last redirect helper of the run; empty otherwise
 */
public record InjectResult(Verdict verdict, long retval, Optional<ObjectId> decidedBy,
        byte[] packet, Optional<Ifindex> redirect, OptionalInt cpu, Optional<RedirectMiss> fallback) {

    /** Where a frame goes. */
    public enum Verdict {
        /** XDP_ABORTED, or an XDP return code the kernel does not know. */
        XDP_ABORTED,
        XDP_DROP,
        /** XDP_TX: sent back out of the device it came in on (recorded on the device). */
        XDP_TX,
        /**
         * XDP_REDIRECT: out of a device ({@link #redirect()}, recorded as sent by it), to a CPU's
         * network stack ({@link #cpu()}), or nowhere the run records (a broadcast, a
         * device that does not exist).
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

    public InjectResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(decidedBy, "decidedBy");
        packet = packet.clone();
        Objects.requireNonNull(redirect, "redirect");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(fallback, "fallback");
    }

    /** A result that names no CPU and no fallback. */
    static InjectResult of(Verdict verdict, long retval, Optional<ObjectId> decidedBy,
            byte[] packet, Optional<Ifindex> redirect) {
        return new InjectResult(verdict, retval, decidedBy, packet, redirect, OptionalInt.empty(),
                Optional.empty());
    }

    @Override
    public byte[] packet() {
        return packet.clone();
    }
}
