package dev.ebld.insn;

import java.util.List;

/**
 * One eBPF instruction. Each family is an immutable record; {@link #kind()} names the leaf type so
 * that callers can {@code switch} exhaustively without type patterns.
 */
public sealed interface Insn permits Alu, Endian, Jump, Load, Store, StoreImm, Atomic, LdImm64,
        PacketLoad, Unknown {

    /** The leaf record types, one constant each. */
    enum Kind {
        ALU, ENDIAN, COND_JUMP, GOTO, GOTOL, MAY_GOTO, CALL, CALLX, EXIT, LOAD, STORE, STORE_IMM,
        ATOMIC, LD_IMM64, PACKET_LOAD, UNKNOWN
    }

    Kind kind();

    /** Size in 8-byte slots: 2 for {@code ld_imm64}, 1 for everything else. */
    default int width() {
        return 1;
    }

    /** The encoding, {@link #width()} slots. */
    List<Slot> slots();
}
