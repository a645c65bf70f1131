package dev.ebld.loader.interp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The only exception a program run may end with: the program did something the machine refuses
 * (touched memory outside every region it was given, ran out of its instruction budget, called
 * too deep...). It names the instruction index (in slots) and, for memory faults, the region.
 *
 * <p>Whoever detects a fault (the address space, a helper, a context) knows the instruction but
 * not the program; the executor running the faulting image adds that on the way out
 * ({@link #in}), with the program's id when the loader gave the image one, so that every message
 * a user sees reads {@code program NAME (id N) faulted at insn I: ...}. The innermost image wins:
 * for a fault in a tail-called, dynamically called or extension program, that program.
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
    private final String detail;
    /** The program the faulting instruction belongs to; null until an executor names it. */
    private String program;
    private OptionalInt progId = OptionalInt.empty();

    public RunFault(Kind kind, int insnIndex, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.kind = Objects.requireNonNull(kind, "kind");
        this.insnIndex = insnIndex;
        this.detail = message;
    }

    /**
     * Names the program of {@code image} as the one that faulted, unless an inner frame (the
     * image the faulting instruction is in) already did; returns this fault.
     */
    RunFault in(ProgramImage image) {
        if (program == null) {
            program = image.name();
            progId = image.progId();
        }
        return this;
    }

    /** {@code program NAME (id N) faulted at insn I: detail}, or {@code insn I: detail} before a program is known. */
    @Override
    public String getMessage() {
        String at = "insn " + insnIndex + ": " + detail;
        if (program == null) {
            return at;
        }
        String id = progId.isPresent() ? " (id " + progId.getAsInt() + ")" : "";
        return "program " + program + id + " faulted at " + at;
    }

    /** What went wrong, without program or instruction (e.g. the access and its region). */
    public String detail() {
        return detail;
    }

    /** The name of the program whose instruction faulted, once the executor has named it. */
    public Optional<String> program() {
        return Optional.ofNullable(program);
    }

    /** That program's id, where the kernel that loaded it gave it one. */
    public OptionalInt progId() {
        return progId;
    }

    public Kind kind() {
        return kind;
    }

    /** The instruction (slot index in its program) that faulted. */
    public int insnIndex() {
        return insnIndex;
    }
}
