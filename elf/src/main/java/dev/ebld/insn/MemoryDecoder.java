package dev.ebld.insn;

/** Strict decoding of the LD, LDX, ST and STX classes (except {@code ld_imm64}). */
final class MemoryDecoder {
    private MemoryDecoder() {
    }

    static Insn decode(Slot s) {
        Reg dst = Reg.ofOrNull(s.dst());
        Reg src = Reg.ofOrNull(s.src());
        if (dst == null || src == null) {
            return new Unknown(s, "register out of range");
        }
        MemSize size = MemSize.fromOpcode(s.opcode());
        int mode = Opcodes.mode(s.opcode());
        switch (s.opClass()) {
            case Opcodes.CLASS_LD:
                return decodeLegacy(s, size, mode, src);
            case Opcodes.CLASS_LDX:
                if (s.imm() != 0 || mode != Opcodes.MODE_MEM && mode != Opcodes.MODE_MEMSX
                        || mode == Opcodes.MODE_MEMSX && size == MemSize.DW) {
                    return unknown(s);
                }
                return new Load(size, mode == Opcodes.MODE_MEMSX, dst, src, s.off());
            case Opcodes.CLASS_ST:
                return mode == Opcodes.MODE_MEM && s.src() == 0
                        ? new StoreImm(size, dst, s.off(), s.imm()) : unknown(s);
            default:
                if (mode == Opcodes.MODE_MEM) {
                    return s.imm() == 0 ? new Store(size, dst, src, s.off()) : unknown(s);
                }
                return mode == Opcodes.MODE_ATOMIC ? decodeAtomic(s, size, dst, src) : unknown(s);
        }
    }

    private static Insn decodeLegacy(Slot s, MemSize size, int mode, Reg src) {
        boolean ind = mode == Opcodes.MODE_IND;
        if (mode != Opcodes.MODE_ABS && !ind || size == MemSize.DW || s.dst() != 0 || s.off() != 0
                || !ind && s.src() != 0) {
            return unknown(s);
        }
        return new PacketLoad(ind, size, src, s.imm());
    }

    private static Insn decodeAtomic(Slot s, MemSize size, Reg dst, Reg src) {
        AtomicOp op = AtomicOp.of(s.imm() & ~Opcodes.ATOMIC_FETCH);
        boolean fetch = (s.imm() & Opcodes.ATOMIC_FETCH) != 0;
        if (op == null || size != MemSize.W && size != MemSize.DW || op.alwaysFetches() && !fetch) {
            return unknown(s);
        }
        return new Atomic(size, op, fetch, dst, src, s.off());
    }

    private static Unknown unknown(Slot s) {
        return new Unknown(s, "undefined load/store encoding");
    }
}
