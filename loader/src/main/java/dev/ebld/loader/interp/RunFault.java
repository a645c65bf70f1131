package dev.ebld.loader.interp;

import java.util.Objects;

/**
 * The only exception a program run may end with: the program did something the machine refuses
 * (touched memory outside every region it was given, ran out of its instruction budget, called
 * too deep...). It names the instruction index (in slots) and, for memory faults, the region.
 */
public final class RunFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a run ended abnormally; tests assert on these. */
    public enum Kind {
        /** A load, store or atomic outside the region the pointer belongs to, or no region. */
        OUT_OF_BOUNDS,
        /** A store or atomic into a read-only region (frozen map seen from a program, context field). */
        READ_ONLY,
        /** The instruction budget ran out: the program loops or runs too long. */
        BUDGET_EXHAUSTED,
        /** More than 8 nested frames (bpf-to-bpf calls and callbacks), as MAX_CALL_FRAMES. */
        CALL_DEPTH,
        /** An instruction the interpreter cannot execute: malformed, reserved fields, a jump out of the program. */
        BAD_INSN,
        /** A helper id the environment does not implement, or a helper given bad arguments. */
        BAD_HELPER,
        /** A bug in the interpreter itself; a run that ends like this is reported, never hidden. */
        INTERNAL
    }

    private final Kind kind;
    private final int insnIndex;

    public RunFault(Kind kind, int insnIndex, String message) {
        super("insn " + insnIndex + ": " + Objects.requireNonNull(message, "message"));
        this.kind = Objects.requireNonNull(kind, "kind");
        this.insnIndex = insnIndex;
    }

    public Kind kind() {
        return kind;
    }

    /** The instruction (slot index in its program) that faulted. */
    public int insnIndex() {
        return insnIndex;
    }
}
