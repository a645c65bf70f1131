package dev.ebld.insn;

import java.util.List;

/**
 * Byte-swap instructions (RFC 9669 "byte swap"): {@code le16/le32/le64} (ALU, source bit 0),
 * {@code be16/be32/be64} (ALU, source bit 1) and the unconditional {@code bswap16/32/64}
 * (ALU64, source bit 0). {@code bits} is 16, 32 or 64 and sits in imm.
 */
public record Endian(Swap swap, int bits, Reg dst) implements Insn {

    /** The three byte-swap flavours and their opcodes. */
    public enum Swap {
        TO_LE(0xd4, "le"), TO_BE(0xdc, "be"), BSWAP(0xd7, "bswap");

        private final int opcode;
        private final String prefix;

        Swap(int opcode, String prefix) {
            this.opcode = opcode;
            this.prefix = prefix;
        }

        public int opcode() {
            return opcode;
        }

        /** {@code le}, {@code be} or {@code bswap}. */
        public String prefix() {
            return prefix;
        }

        public static Swap ofOpcode(int opcode) {
            for (Swap s : values()) {
                if (s.opcode == opcode) {
                    return s;
                }
            }
            return null;
        }
    }

    public Endian {
        if (swap == null || dst == null || (bits != 16 && bits != 32 && bits != 64)) {
            throw new IllegalArgumentException("bad byte swap " + swap + " " + bits);
        }
    }

    public static Endian bswap(int bits, Reg dst) {
        return new Endian(Swap.BSWAP, bits, dst);
    }

    /** {@code be16}, {@code bswap64} and so on. */
    public String mnemonic() {
        return swap.prefix() + bits;
    }

    @Override
    public Kind kind() {
        return Kind.ENDIAN;
    }

    @Override
    public List<Slot> slots() {
        return List.of(Slot.of(swap.opcode(), dst.number(), 0, 0, bits));
    }
}
