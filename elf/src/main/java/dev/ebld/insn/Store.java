package dev.ebld.insn;

import java.util.List;

/** {@code *(size *)(dst + off) = src}: STX with mode MEM. */
public record Store(MemSize size, Reg dst, Reg src, short off) implements Insn {
    public Store {
        if (size == null || dst == null || src == null) {
            throw new IllegalArgumentException("null field");
        }
    }

    public static Store of(MemSize size, Reg dst, int off, Reg src) {
        return new Store(size, dst, src, (short) off);
    }

    @Override
    public Kind kind() {
        return Kind.STORE;
    }

    @Override
    public List<Slot> slots() {
        return List.of(Slot.of(Opcodes.MODE_MEM | size.bits() | Opcodes.CLASS_STX, dst.number(),
                src.number(), off, 0));
    }
}
