package dev.ebld.insn;

/**
 * What the src field of {@code ld_imm64} says about imm (RFC 9669 section 5.4): a plain 64-bit
 * constant, or a reference the loader resolves.
 */
public enum PseudoSrc {
    /** 0: imm is the value. */
    IMM64,
    /** 1: imm (low) is a map fd. */
    MAP_FD,
    /** 2: low imm is a map fd, high imm an offset into its value. */
    MAP_VALUE,
    /** 3: imm is a kernel BTF id of a variable. */
    BTF_ID,
    /** 4: imm is a slot offset to a BPF function. */
    FUNC,
    /** 5: imm is an index into the fd array. */
    MAP_IDX,
    /** 6: low imm is a map index, high imm an offset into its value. */
    MAP_IDX_VALUE;

    public int src() {
        return ordinal();
    }

    public static PseudoSrc ofSrc(int src) {
        return src >= 0 && src < 7 ? values()[src] : null;
    }
}
