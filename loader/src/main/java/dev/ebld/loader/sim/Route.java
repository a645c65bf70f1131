package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Ifindex;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a frame went beyond its {@link InjectResult.Verdict}: a closed family, so that a
 * target device, a target CPU and a redirect miss can each appear only with the verdicts they
 * explain ({@link InjectResult} checks the pairing). {@link #kind()} names the leaf for switch
 * expressions.
 */
public sealed interface Route permits Route.None, Route.Device, Route.Cpu, Route.Fallback {

    /** The leaf record types, one constant each. */
    enum Kind {
        NONE, DEVICE, CPU, FALLBACK
    }

    Kind kind();

    /** The route that says nothing beyond the verdict. */
    static Route none() {
        return None.INSTANCE;
    }

    /**
     * Nothing beyond the verdict: dropped, aborted, sent back out (XDP_TX), delivered (to CPU 0's
     * stack, or to the wire on {@link SimKernel#send}), or a redirect whose target the run does
     * not record (a broadcast; a tcx program that answered TC_ACT_REDIRECT without bpf_redirect).
     */
    record None() implements Route {
        private static final None INSTANCE = new None();

        @Override
        public Kind kind() {
            return Kind.NONE;
        }
    }

    /**
     * The device a redirect helper named: for XDP_REDIRECT the frame was sent out of it (unless
     * no such device exists: then it was dropped, as xdp_do_redirect failing does); for
     * TCX_REDIRECT the target of bpf_redirect.
     */
    record Device(Ifindex ifindex) implements Route {
        public Device {
            Objects.requireNonNull(ifindex, "ifindex");
        }

        @Override
        public Kind kind() {
            return Kind.DEVICE;
        }
    }

    /**
     * An XDP redirect through a cpumap took the frame up CPU {@code cpu}'s network stack, where
     * the tcx ingress chain ran: with verdict XDP_REDIRECT no program there decided; otherwise
     * the verdict is the chain's, and {@code tcxRedirect} the device a TCX_REDIRECT named there.
     */
    record Cpu(int cpu, Optional<Ifindex> tcxRedirect) implements Route {
        public Cpu {
            if (cpu < 0) {
                throw new IllegalArgumentException("negative cpu " + cpu);
            }
            Objects.requireNonNull(tcxRedirect, "tcxRedirect");
        }

        /** A cpumap redirect to {@code cpu} with no tcx redirect after it. */
        public Cpu(int cpu) {
            this(cpu, Optional.empty());
        }

        @Override
        public Kind kind() {
            return Kind.CPU;
        }
    }

    /**
     * The verdict is the XDP program's, and is the fallback action that {@code miss}, the last
     * redirect helper call of the run, answered for an empty entry.
     */
    record Fallback(RedirectMiss miss) implements Route {
        public Fallback {
            Objects.requireNonNull(miss, "miss");
        }

        @Override
        public Kind kind() {
            return Kind.FALLBACK;
        }
    }
}
