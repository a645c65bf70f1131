package dev.ebld.insn;

import dev.ebld.bytes.FixedWidth;

import java.nio.ByteOrder;

/**
 * One raw 8-byte instruction slot, independent of byte order: the fields are kept as numbers so
 * that any bit pattern, valid or not, survives a decode/encode round trip.
 *
 * @param opcode 8 bits
 * @param dst    4 bits
 * @param src    4 bits
 * @param off    signed 16 bits
 * @param imm    signed 32 bits
 */
public record Slot(int opcode, int dst, int src, short off, int imm) {
    public static final int SIZE = 8;

    public Slot {
        if ((opcode & ~0xff) != 0 || (dst & ~0xf) != 0 || (src & ~0xf) != 0) {
            throw new IllegalArgumentException("slot field out of range: opcode=" + opcode
                    + " dst=" + dst + " src=" + src);
        }
    }

    public static Slot of(int opcode, int dst, int src, int off, int imm) {
        return new Slot(opcode, dst, src, (short) off, imm);
    }

    /** Reads the slot at {@code pos}; the caller guarantees 8 bytes are there. */
    public static Slot read(byte[] code, int pos, ByteOrder order) {
        int opcode = code[pos] & 0xff;
        int regs = code[pos + 1] & 0xff;
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        int dst = le ? regs & 0xf : regs >>> 4;
        int src = le ? regs >>> 4 : regs & 0xf;
        short off = (short) FixedWidth.u16(code, pos + 2, order);
        int imm = FixedWidth.u32(code, pos + 4, order);
        return new Slot(opcode, dst, src, off, imm);
    }

    /** Writes the slot at {@code pos}. */
    public void write(byte[] out, int pos, ByteOrder order) {
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        out[pos] = (byte) opcode;
        out[pos + 1] = (byte) (le ? (src << 4) | dst : (dst << 4) | src);
        FixedWidth.put16(out, pos + 2, order, off);
        FixedWidth.put32(out, pos + 4, order, imm);
    }

    public byte[] toBytes(ByteOrder order) {
        byte[] b = new byte[SIZE];
        write(b, 0, order);
        return b;
    }

    /** The class: the low three opcode bits. */
    public int opClass() {
        return opcode & 0x07;
    }
}
