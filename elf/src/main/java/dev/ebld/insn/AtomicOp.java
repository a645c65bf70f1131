package dev.ebld.insn;

/** Atomic operations (STX|ATOMIC), kept in imm together with the FETCH flag. */
public enum AtomicOp {
    ADD(0x00), OR(0x40), AND(0x50), XOR(0xa0), XCHG(0xe0), CMPXCHG(0xf0);

    private final int code;

    AtomicOp(int code) {
        this.code = code;
    }

    /** The operation bits of imm (without FETCH). */
    public int code() {
        return code;
    }

    /** XCHG and CMPXCHG always return the old value, so they always carry FETCH. */
    public boolean alwaysFetches() {
        return this == XCHG || this == CMPXCHG;
    }

    public static AtomicOp of(int code) {
        for (AtomicOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return null;
    }
}
