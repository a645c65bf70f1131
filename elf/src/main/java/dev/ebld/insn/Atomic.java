package dev.ebld.insn;

import java.util.List;

/**
 * An atomic read-modify-write on {@code *(size *)(dst + off)} with operand {@code src}
 * (STX|ATOMIC, size W or DW). With {@code fetch} the old value lands in {@code src};
 * {@code cmpxchg} compares with and writes the old value to {@code r0}.
 */
public record Atomic(MemSize size, AtomicOp op, boolean fetch, Reg dst, Reg src, short off)
        implements Insn {
    public Atomic {
        if (size == null || op == null || dst == null || src == null) {
            throw new IllegalArgumentException("null field");
        }
        if (size != MemSize.W && size != MemSize.DW) {
            throw new IllegalArgumentException("atomics are W or DW, not " + size);
        }
        if (op.alwaysFetches() && !fetch) {
            throw new IllegalArgumentException(op + " always fetches");
        }
    }

    public static Atomic of(MemSize size, AtomicOp op, boolean fetch, Reg dst, int off, Reg src) {
        return new Atomic(size, op, fetch || op.alwaysFetches(), dst, src, (short) off);
    }

    /** The imm field: operation bits plus FETCH. */
    public int imm() {
        return op.code() | (fetch ? Opcodes.ATOMIC_FETCH : 0);
    }

    @Override
    public Kind kind() {
        return Kind.ATOMIC;
    }

    @Override
    public List<Slot> slots() {
        return List.of(Slot.of(Opcodes.MODE_ATOMIC | size.bits() | Opcodes.CLASS_STX, dst.number(),
                src.number(), off, imm()));
    }
}
