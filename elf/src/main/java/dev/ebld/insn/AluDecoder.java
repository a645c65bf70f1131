package dev.ebld.insn;

/** Strict decoding of the ALU and ALU64 classes. */
final class AluDecoder {
    private AluDecoder() {
    }

    static Insn decode(Slot s) {
        boolean alu64 = s.opClass() == Opcodes.CLASS_ALU64;
        int code = Opcodes.aluOrJmpOp(s.opcode());
        Reg dst = Reg.ofOrNull(s.dst());
        Reg src = Reg.ofOrNull(s.src());
        if (dst == null || src == null) {
            return new Unknown(s, "register out of range");
        }
        if (code == Opcodes.ALU_END) {
            return decodeEndian(s, dst);
        }
        AluOp op = AluOp.of(code, s.off());
        if (op == null) {
            return new Unknown(s, "undefined ALU operation");
        }
        Source source = Opcodes.isSrcX(s.opcode()) ? Source.X : Source.K;
        String why = Alu.check(alu64, op, source, src, s.imm());
        if (why != null) {
            return new Unknown(s, why);
        }
        return new Alu(alu64, op, source, dst, src, s.imm());
    }

    private static Insn decodeEndian(Slot s, Reg dst) {
        Endian.Swap swap = Endian.Swap.ofOpcode(s.opcode());
        int bits = s.imm();
        if (swap == null || s.src() != 0 || s.off() != 0 || bits != 16 && bits != 32 && bits != 64) {
            return new Unknown(s, "bad byte swap");
        }
        return new Endian(swap, bits, dst);
    }
}
