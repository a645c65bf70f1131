package dev.ebld.insn;

import java.util.List;

/** {@code *(size *)(dst + off) = imm}: ST with mode MEM; a DW store sign-extends imm. */
public record StoreImm(MemSize size, Reg dst, short off, int imm) implements Insn {
    public StoreImm {
        if (size == null || dst == null) {
            throw new IllegalArgumentException("null field");
        }
    }

    public static StoreImm of(MemSize size, Reg dst, int off, int imm) {
        return new StoreImm(size, dst, (short) off, imm);
    }

    @Override
    public Kind kind() {
        return Kind.STORE_IMM;
    }

    @Override
    public List<Slot> slots() {
        return List.of(Slot.of(Opcodes.MODE_MEM | size.bits() | Opcodes.CLASS_ST, dst.number(), 0,
                off, imm));
    }
}
