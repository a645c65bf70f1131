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
    UNSUPPORTED(Errno.EINVAL),
    /** A helper the program type may not call ({@code unknown func bpf_foo#N}). */
    UNKNOWN_HELPER(Errno.EINVAL),
    /** A register is read before anything was written to it ({@code R0 !read_ok}). */
    UNINIT_REG(Errno.EACCES),
    /** A load or store through something that is not a pointer, or a maybe-NULL pointer. */
    INVALID_MEM_ACCESS(Errno.EACCES),
    /** A packet access not covered by a comparison with the packet end. */
    PACKET_OUT_OF_RANGE(Errno.EACCES),
    /** A map value or memory access outside the object. */
    MEM_OUT_OF_RANGE(Errno.EACCES),
    /** A variable offset without the bounds that would make it safe. */
    UNBOUNDED_OFFSET(Errno.EACCES),
    /** A context field access the program type does not allow. */
    BAD_CTX_ACCESS(Errno.EACCES),
    /** A stack access outside the 512-byte frame. */
    STACK_OUT_OF_RANGE(Errno.EACCES),
    /** A read of stack bytes never written (unprivileged), or a bad spill fill. */
    UNINIT_STACK(Errno.EACCES),
    /** Pointer arithmetic the kernel refuses. */
    POINTER_ARITHMETIC(Errno.EACCES),
    /** A pointer value escapes into a map, the context or the return value (unprivileged). */
    POINTER_LEAK(Errno.EACCES),
    /** A helper argument of the wrong type or size. */
    BAD_HELPER_ARG(Errno.EACCES),
    /** A call to a global function with arguments outside its BTF prototype. */
    BAD_GLOBAL_ARG(Errno.EACCES),
    /** A global function whose prototype the kernel cannot check against. */
    BAD_FUNC_PROTO(Errno.EINVAL),
    /** A return value the program type or the function's prototype does not allow. */
    BAD_RETURN(Errno.EACCES),
    /** A reference (ringbuf record) still held at exit. */
    UNRELEASED_REFERENCE(Errno.EINVAL),
    /** A loop whose state repeats exactly. */
    INFINITE_LOOP(Errno.EINVAL),
    /** More than the 1,000,000-instruction verification budget. */
    TOO_COMPLEX(Errno.E2BIG),
    /** More than 512 bytes of stack along a call chain, or a tail call under a deep stack. */
    STACK_TOO_LARGE(Errno.EACCES),
    /** More than 8 call frames. */
    CALL_TOO_DEEP(Errno.E2BIG);

    private final Errno errno;

    RejectionKind(Errno errno) {
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
