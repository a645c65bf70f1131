package dev.ebld.insn;

import java.util.List;

/**
 * The legacy packet loads (LD|ABS and LD|IND): {@code r0 = *(size *)skb[imm]} or
 * {@code skb[src + imm]}, sizes W, H and B. For ABS the src field is zero.
 */
public record PacketLoad(boolean indirect, MemSize size, Reg src, int imm) implements Insn {
    public PacketLoad {
        if (size == null || src == null || size == MemSize.DW || !indirect && src != Reg.R0) {
            throw new IllegalArgumentException("bad packet load " + size + " " + src);
        }
    }

    @Override
    public Kind kind() {
        return Kind.PACKET_LOAD;
    }

    @Override
    public List<Slot> slots() {
        int mode = indirect ? Opcodes.MODE_IND : Opcodes.MODE_ABS;
        return List.of(Slot.of(mode | size.bits() | Opcodes.CLASS_LD, 0, src.number(), 0, imm));
    }
}
