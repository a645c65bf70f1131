package dev.ebld.insn;

import java.util.List;

/**
 * {@code dst = imm64} (LD|IMM|DW, opcode 0x18): two slots, the low 32 bits of the value in the
 * first slot's imm and the high 32 bits in the second's. The second slot is otherwise all zero.
 */
public record LdImm64(Reg dst, PseudoSrc src, long imm) implements Insn {
    public static final int OPCODE = 0x18;

    public LdImm64 {
        if (dst == null || src == null) {
            throw new IllegalArgumentException("null field");
        }
    }

    public static LdImm64 of(Reg dst, long value) {
        return new LdImm64(dst, PseudoSrc.IMM64, value);
    }

    /** The same instruction with another value, e.g. after relocation. */
    public LdImm64 withImm(long value) {
        return new LdImm64(dst, src, value);
    }

    /**
     * The same instruction with the first slot's imm (the low 32 bits) replaced and the high
     * half kept: what relocating a section-relative {@code ld_imm64} in an object changes.
     */
    public LdImm64 withLo(int lo) {
        return new LdImm64(dst, src, imm & 0xffffffff00000000L | lo & 0xffffffffL);
    }

    public int lo() {
        return (int) imm;
    }

    public int hi() {
        return (int) (imm >>> 32);
    }

    @Override
    public Kind kind() {
        return Kind.LD_IMM64;
    }

    @Override
    public int width() {
        return 2;
    }

    @Override
    public List<Slot> slots() {
        return List.of(Slot.of(OPCODE, dst.number(), src.src(), 0, lo()), Slot.of(0, 0, 0, 0, hi()));
    }
}
