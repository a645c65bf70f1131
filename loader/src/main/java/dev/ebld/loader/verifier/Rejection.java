package dev.ebld.loader.verifier;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a program was refused: a stable {@link RejectionKind} for tests and tools, the kernel's
 * wording where the kernel has one ({@code R1 invalid mem access 'scalar'}), where (instruction
 * index in slots, and the function with its BTF id when func_info names it), and the errno the
 * load fails with ({@code EACCES} for safety, {@code EINVAL} for malformed programs, as the
 * kernel does).
 */
public record Rejection(RejectionKind kind, String message, int insnIndex,
        Optional<String> function, Optional<Integer> functionBtfId) {

    public Rejection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(functionBtfId, "functionBtfId");
    }

    public static Rejection at(RejectionKind kind, int insnIndex, String message) {
        return new Rejection(kind, message, insnIndex, Optional.empty(), Optional.empty());
    }
}
