package dev.ebld.insn;

/** Strict decoding of the JMP and JMP32 classes. */
final class JumpDecoder {
    private JumpDecoder() {
    }

    static Insn decode(Slot s) {
        boolean jmp32 = s.opClass() == Opcodes.CLASS_JMP32;
        boolean x = Opcodes.isSrcX(s.opcode());
        int code = Opcodes.aluOrJmpOp(s.opcode());
        switch (code) {
            case Opcodes.JMP_JA:
                return decodeJa(s, jmp32, x);
            case Opcodes.JMP_CALL:
                return jmp32 ? unknown(s) : x ? decodeCallX(s) : decodeCall(s);
            case Opcodes.JMP_EXIT:
                return jmp32 || x || !allZero(s, true, true, true, true)
                        ? unknown(s) : new Jump.Exit();
            case Opcodes.JMP_JCOND:
                return jmp32 || x || !allZero(s, true, true, false, true)
                        ? unknown(s) : new Jump.MayGoto(s.off());
            default:
                return decodeCond(s, jmp32, x, code);
        }
    }

    private static Insn decodeJa(Slot s, boolean jmp32, boolean x) {
        if (x) {
            return unknown(s);
        }
        if (jmp32) {
            return allZero(s, true, true, true, false) ? new Jump.GotoLong(s.imm()) : unknown(s);
        }
        return allZero(s, true, true, false, true) ? new Jump.Goto(s.off()) : unknown(s);
    }

    private static Insn decodeCall(Slot s) {
        CallKind kind = CallKind.ofSrc(s.src());
        if (kind == null || s.dst() != 0 || !kind.hasOffset() && s.off() != 0) {
            return unknown(s);
        }
        return new Jump.Call(kind, s.imm(), s.off());
    }

    private static Insn decodeCallX(Slot s) {
        Reg reg = Reg.ofOrNull(s.dst());
        if (reg == null || !allZero(s, false, true, true, true)) {
            return unknown(s);
        }
        return new Jump.CallX(reg);
    }

    private static Insn decodeCond(Slot s, boolean jmp32, boolean x, int code) {
        JumpOp op = JumpOp.of(code);
        Reg dst = Reg.ofOrNull(s.dst());
        Reg src = Reg.ofOrNull(s.src());
        if (op == null || dst == null || src == null) {
            return unknown(s);
        }
        if (x ? s.imm() != 0 : s.src() != 0) {
            return new Unknown(s, "reserved field set in conditional jump");
        }
        return new Jump.Cond(jmp32, op, x ? Source.X : Source.K, dst, src, s.imm(), s.off());
    }

    /** True if each selected field is zero. */
    private static boolean allZero(Slot s, boolean dst, boolean src, boolean off, boolean imm) {
        return !(dst && s.dst() != 0 || src && s.src() != 0 || off && s.off() != 0
                || imm && s.imm() != 0);
    }

    private static Unknown unknown(Slot s) {
        return new Unknown(s, "undefined jump encoding");
    }
}
