package dev.ebld.insn;

import java.util.List;

/**
 * An ALU (32-bit) or ALU64 instruction other than byte swaps. With {@link Source#K} the operand is
 * {@code imm} and {@code src} is {@link Reg#R0} (the field must be zero); with {@link Source#X} the
 * operand is {@code src} and {@code imm} is zero, except for {@link AluOp#ADDR_SPACE_CAST} whose imm
 * holds the destination address space in the high 16 bits and the source one in the low 16.
 * {@link AluOp#NEG} takes no operand (K, imm 0).
 */
public record Alu(boolean alu64, AluOp op, Source source, Reg dst, Reg src, int imm) implements Insn {

    public Alu {
        if (op == null || source == null || dst == null || src == null) {
            throw new IllegalArgumentException("null field");
        }
        String why = check(alu64, op, source, src, imm);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
    }

    /** Why these fields do not form a valid instruction, or {@code null} if they do. */
    static String check(boolean alu64, AluOp op, Source source, Reg src, int imm) {
        if (source == Source.K && src != Reg.R0) {
            return "K-form " + op + " has src register " + src;
        }
        if (source == Source.X && imm != 0 && op != AluOp.ADDR_SPACE_CAST) {
            return "X-form " + op + " has imm " + imm;
        }
        if (op == AluOp.NEG && (source != Source.K || imm != 0)) {
            return "neg takes no operand";
        }
        if ((op.isMovsx() || op == AluOp.ADDR_SPACE_CAST) && source != Source.X) {
            return op + " needs a register source";
        }
        if (!alu64 && (op == AluOp.MOVSX32 || op == AluOp.ADDR_SPACE_CAST)) {
            return op + " exists only in ALU64";
        }
        return null;
    }

    public static Alu of64(AluOp op, Reg dst, int imm) {
        return new Alu(true, op, Source.K, dst, Reg.R0, imm);
    }

    public static Alu of64(AluOp op, Reg dst, Reg src) {
        return new Alu(true, op, Source.X, dst, src, 0);
    }

    public static Alu of32(AluOp op, Reg dst, int imm) {
        return new Alu(false, op, Source.K, dst, Reg.R0, imm);
    }

    public static Alu of32(AluOp op, Reg dst, Reg src) {
        return new Alu(false, op, Source.X, dst, src, 0);
    }

    public static Alu add64(Reg dst, int imm) {
        return of64(AluOp.ADD, dst, imm);
    }

    public static Alu add64(Reg dst, Reg src) {
        return of64(AluOp.ADD, dst, src);
    }

    public static Alu mov64(Reg dst, int imm) {
        return of64(AluOp.MOV, dst, imm);
    }

    public static Alu mov64(Reg dst, Reg src) {
        return of64(AluOp.MOV, dst, src);
    }

    public static Alu mov32(Reg dst, int imm) {
        return of32(AluOp.MOV, dst, imm);
    }

    public static Alu mov32(Reg dst, Reg src) {
        return of32(AluOp.MOV, dst, src);
    }

    public static Alu neg64(Reg dst) {
        return of64(AluOp.NEG, dst, 0);
    }

    @Override
    public Kind kind() {
        return Kind.ALU;
    }

    @Override
    public List<Slot> slots() {
        int cls = alu64 ? Opcodes.CLASS_ALU64 : Opcodes.CLASS_ALU;
        return List.of(Slot.of(op.code() | source.bit() | cls, dst.number(), src.number(),
                op.offset(), imm));
    }
}
