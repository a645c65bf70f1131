package dev.ebld.insn;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and encodes instructions. Decoding is strict (see the package Javadoc): anything
 * RFC 9669 or clang-19 does not define becomes {@link Unknown}, never an exception, so
 * {@code encodeAll(decodeAll(code)) } gives back {@code code} for every input of whole slots.
 */
public final class InsnCodec {
    private InsnCodec() {
    }

    /**
     * The instruction starting at byte {@code off}. A {@code ld_imm64} whose second slot lies
     * beyond the end of {@code code} decodes to {@link Unknown}.
     *
     * @throws InsnFormatException if fewer than 8 bytes remain at {@code off}
     */
    public static Insn decode(byte[] code, int off, ByteOrder order) {
        if (off < 0 || off > code.length - Slot.SIZE) {
            throw new InsnFormatException(off, "fewer than 8 bytes left in " + code.length);
        }
        Slot first = Slot.read(code, off, order);
        if (first.opcode() == LdImm64.OPCODE) {
            if (off + 2 * Slot.SIZE > code.length) {
                return new Unknown(first, "truncated ld_imm64: second slot missing");
            }
            return decodeLdImm64(first, Slot.read(code, off + Slot.SIZE, order));
        }
        return decodeSingle(first);
    }

    /**
     * All instructions of {@code code}, in order.
     *
     * @throws InsnFormatException if the length is not a multiple of 8
     */
    public static List<Insn> decodeAll(byte[] code, ByteOrder order) {
        if (code.length % Slot.SIZE != 0) {
            throw new InsnFormatException(code.length - code.length % Slot.SIZE,
                    "code size " + code.length + " is not a multiple of 8");
        }
        List<Insn> out = new ArrayList<>(code.length / Slot.SIZE);
        for (int pos = 0; pos < code.length; ) {
            Insn insn = decode(code, pos, order);
            out.add(insn);
            pos += insn.width() * Slot.SIZE;
        }
        return out;
    }

    public static byte[] encode(Insn insn, ByteOrder order) {
        return encodeAll(List.of(insn), order);
    }

    public static byte[] encodeAll(List<? extends Insn> insns, ByteOrder order) {
        int slots = 0;
        for (Insn i : insns) {
            slots += i.width();
        }
        byte[] out = new byte[slots * Slot.SIZE];
        int pos = 0;
        for (Insn i : insns) {
            encodeAt(i, out, pos, order);
            pos += i.width() * Slot.SIZE;
        }
        return out;
    }

    /**
     * Writes {@code insn} over the {@link Insn#width()} slots at byte {@code off} of {@code code},
     * in place: how a linker patches an instruction it has decoded and changed.
     */
    public static void encodeAt(Insn insn, byte[] code, int off, ByteOrder order) {
        int pos = off;
        for (Slot s : insn.slots()) {
            s.write(code, pos, order);
            pos += Slot.SIZE;
        }
    }

    /** Decodes a one-slot instruction (anything but {@code ld_imm64}). */
    public static Insn decodeSingle(Slot s) {
        if (s.opcode() == LdImm64.OPCODE) {
            return new Unknown(s, "ld_imm64 needs two slots");
        }
        switch (s.opClass()) {
            case Opcodes.CLASS_ALU:
            case Opcodes.CLASS_ALU64:
                return AluDecoder.decode(s);
            case Opcodes.CLASS_JMP:
            case Opcodes.CLASS_JMP32:
                return JumpDecoder.decode(s);
            default:
                return MemoryDecoder.decode(s);
        }
    }

    /** Decodes an {@code ld_imm64} from its two slots. */
    public static Insn decodeLdImm64(Slot first, Slot second) {
        Reg dst = Reg.ofOrNull(first.dst());
        PseudoSrc src = PseudoSrc.ofSrc(first.src());
        if (dst == null || src == null || first.off() != 0) {
            return new Unknown(first, "bad ld_imm64 register, pseudo source or offset");
        }
        if (second.opcode() != 0 || second.dst() != 0 || second.src() != 0 || second.off() != 0) {
            return new Unknown(first, "ld_imm64 second slot has reserved fields set");
        }
        long value = (long) second.imm() << 32 | (first.imm() & 0xffffffffL);
        return new LdImm64(dst, src, value);
    }
}
