package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.verifier.RejectionKind;

/**
 * Thrown inside the safety verifier when a path is unsafe; {@code SafetyVerifier} turns it into a
 * {@code Rejection} value at the seam, so it never leaves the package family.
 */
public final class VerifyException extends RuntimeException {
    private final RejectionKind kind;
    private final int insn;

    public VerifyException(RejectionKind kind, int insn, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.insn = insn;
    }

    public RejectionKind kind() {
        return kind;
    }

    public int insn() {
        return insn;
    }
}
