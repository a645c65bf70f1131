package dev.ebld.linker.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The few instruction fields the linker touches, read and written in place in a section's
 * bytes. A BPF instruction is 8 bytes: opcode, the register byte (dst and src nibbles, whose
 * order depends on byte order), a 16-bit offset and a 32-bit immediate at byte 4.
 */
final class Insns {
    /** {@code BPF_JMP | BPF_CALL}. */
    static final int CALL = 0x85;
    /** {@code BPF_LD | BPF_IMM | BPF_DW}, the first half of a 16-byte ld_imm64. */
    static final int LD_IMM64 = 0x18;
    /** src_reg of a call to a BPF function (as opposed to a helper). */
    static final int PSEUDO_CALL = 1;
    static final int SIZE = 8;

    private Insns() {
    }

    static int opcode(byte[] code, long off) {
        return code[(int) off] & 0xff;
    }

    static int srcReg(byte[] code, long off, ByteOrder order) {
        int regs = code[(int) off + 1] & 0xff;
        return order == ByteOrder.LITTLE_ENDIAN ? regs >>> 4 : regs & 0xf;
    }

    static boolean isPseudoCall(byte[] code, long off, ByteOrder order) {
        return opcode(code, off) == CALL && srcReg(code, off, order) == PSEUDO_CALL;
    }

    static int imm(byte[] code, long off, ByteOrder order) {
        return ByteBuffer.wrap(code).order(order).getInt((int) off + 4);
    }

    static void setImm(byte[] code, long off, ByteOrder order, int imm) {
        ByteBuffer.wrap(code).order(order).putInt((int) off + 4, imm);
    }

    static long u64(byte[] data, long off, ByteOrder order) {
        return ByteBuffer.wrap(data).order(order).getLong((int) off);
    }

    static void setU64(byte[] data, long off, ByteOrder order, long v) {
        ByteBuffer.wrap(data).order(order).putLong((int) off, v);
    }

    static long u32(byte[] data, long off, ByteOrder order) {
        return ByteBuffer.wrap(data).order(order).getInt((int) off) & 0xffffffffL;
    }

    static void setU32(byte[] data, long off, ByteOrder order, long v) {
        ByteBuffer.wrap(data).order(order).putInt((int) off, (int) v);
    }
}
