package dev.ebld.loader.verifier;

import dev.ebld.loader.kernel.Errno;

/**
 * Stable names for the reasons a program is refused; tests assert on these, messages may be
 * reworded. Each kind knows the errno the kernel fails the load with.
 */
public enum RejectionKind {
    /** A jump or call leaves the program, or lands inside an {@code ld_imm64}. */
    JUMP_OUT_OF_RANGE(Errno.EINVAL),
    /** An opcode the verifier does not know, or reserved fields set. */
    INVALID_INSN(Errno.EINVAL),
    /** The last instruction is neither an exit nor a jump: control falls off the end. */
    FALL_OFF_END(Errno.EINVAL),
    /** Code no path reaches. */
    UNREACHABLE_INSN(Errno.EINVAL),
    /** func_info does not match the subprogram layout. */
    BAD_FUNC_INFO(Errno.EINVAL),
    /** More than 256 subprograms. */
    TOO_MANY_SUBPROGS(Errno.E2BIG),
    /** A helper, kfunc, map type or program type the verifier does not model. */
    UNSUPPORTED(Errno.EINVAL);

    private final Errno errno;

    RejectionKind(Errno errno) {
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
