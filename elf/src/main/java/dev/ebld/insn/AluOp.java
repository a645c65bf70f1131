package dev.ebld.insn;

/**
 * Arithmetic operations, each with its opcode nibble and the offset value that selects it
 * (RFC 9669 uses offset 1 for signed division and 8/16/32 for sign-extending moves; the kernel's
 * arena {@code addr_space_cast} is MOV X with offset 1).
 */
public enum AluOp {
    ADD(0x00, 0, "+="),
    SUB(0x10, 0, "-="),
    MUL(0x20, 0, "*="),
    DIV(0x30, 0, "/="),
    SDIV(0x30, 1, "s/="),
    OR(0x40, 0, "|="),
    AND(0x50, 0, "&="),
    LSH(0x60, 0, "<<="),
    RSH(0x70, 0, ">>="),
    NEG(0x80, 0, "= -"),
    MOD(0x90, 0, "%="),
    SMOD(0x90, 1, "s%="),
    XOR(0xa0, 0, "^="),
    MOV(0xb0, 0, "="),
    MOVSX8(0xb0, 8, "= (s8)"),
    MOVSX16(0xb0, 16, "= (s16)"),
    MOVSX32(0xb0, 32, "= (s32)"),
    ARSH(0xc0, 0, "s>>="),
    ADDR_SPACE_CAST(0xb0, 1, "= addr_space_cast");

    private final int code;
    private final int offset;
    private final String operator;

    AluOp(int code, int offset, String operator) {
        this.code = code;
        this.offset = offset;
        this.operator = operator;
    }

    /** High nibble of the opcode byte. */
    public int code() {
        return code;
    }

    /** Value of the offset field that selects this operation. */
    public int offset() {
        return offset;
    }

    /** The C-like operator LLVM prints, e.g. {@code +=}. */
    public String operator() {
        return operator;
    }

    /** The operation for an op nibble and offset, or {@code null} if none is defined. */
    public static AluOp of(int code, int offset) {
        for (AluOp op : values()) {
            if (op.code == code && op.offset == offset) {
                return op;
            }
        }
        return null;
    }

    public boolean isMovsx() {
        return this == MOVSX8 || this == MOVSX16 || this == MOVSX32;
    }
}
