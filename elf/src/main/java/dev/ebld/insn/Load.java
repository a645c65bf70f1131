package dev.ebld.insn;

import java.util.List;

/**
 * {@code dst = *(size *)(src + off)}: LDX with mode MEM (zero-extending) or MEMSX
 * (sign-extending, cpu v4; no DW form).
 */
public record Load(MemSize size, boolean signExtend, Reg dst, Reg src, short off) implements Insn {
    public Load {
        if (size == null || dst == null || src == null || signExtend && size == MemSize.DW) {
            throw new IllegalArgumentException("bad load " + size + " sx=" + signExtend);
        }
    }

    public static Load of(MemSize size, Reg dst, Reg src, int off) {
        return new Load(size, false, dst, src, (short) off);
    }

    @Override
    public Kind kind() {
        return Kind.LOAD;
    }

    @Override
    public List<Slot> slots() {
        int mode = signExtend ? Opcodes.MODE_MEMSX : Opcodes.MODE_MEM;
        return List.of(Slot.of(mode | size.bits() | Opcodes.CLASS_LDX, dst.number(), src.number(),
                off, 0));
    }
}
