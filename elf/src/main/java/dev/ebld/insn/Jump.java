package dev.ebld.insn;

import java.util.List;

/**
 * Control flow: the JMP and JMP32 classes. Offsets count slots from the next instruction.
 */
public sealed interface Jump extends Insn {

    /** {@code if dst op src/imm goto off}; JMP32 compares the low 32 bits. */
    record Cond(boolean jmp32, JumpOp op, Source source, Reg dst, Reg src, int imm, short off)
            implements Jump {
        public Cond {
            if (op == null || source == null || dst == null || src == null) {
                throw new IllegalArgumentException("null field");
            }
            if (source == Source.K && src != Reg.R0 || source == Source.X && imm != 0) {
                throw new IllegalArgumentException("reserved field set in " + op + " " + source);
            }
        }

        public static Cond imm(JumpOp op, Reg dst, int imm, int off) {
            return new Cond(false, op, Source.K, dst, Reg.R0, imm, (short) off);
        }

        public static Cond reg(JumpOp op, Reg dst, Reg src, int off) {
            return new Cond(false, op, Source.X, dst, src, 0, (short) off);
        }

        public Cond withOff(int newOff) {
            return new Cond(jmp32, op, source, dst, src, imm, (short) newOff);
        }

        @Override
        public Kind kind() {
            return Kind.COND_JUMP;
        }

        @Override
        public List<Slot> slots() {
            int cls = jmp32 ? Opcodes.CLASS_JMP32 : Opcodes.CLASS_JMP;
            return List.of(Slot.of(op.code() | source.bit() | cls, dst.number(), src.number(),
                    off, imm));
        }
    }

    /** {@code goto off} (JMP|JA, 16-bit offset). */
    record Goto(short off) implements Jump {
        public static Goto of(int off) {
            return new Goto((short) off);
        }

        public Goto withOff(int newOff) {
            return new Goto((short) newOff);
        }

        @Override
        public Kind kind() {
            return Kind.GOTO;
        }

        @Override
        public List<Slot> slots() {
            return List.of(Slot.of(Opcodes.CLASS_JMP | Opcodes.JMP_JA, 0, 0, off, 0));
        }
    }

    /** {@code gotol imm} (JMP32|JA, 32-bit offset in imm; cpu v4). */
    record GotoLong(int imm) implements Jump {
        @Override
        public Kind kind() {
            return Kind.GOTOL;
        }

        @Override
        public List<Slot> slots() {
            return List.of(Slot.of(Opcodes.CLASS_JMP32 | Opcodes.JMP_JA, 0, 0, 0, imm));
        }
    }

    /** {@code may_goto off} (JMP|JCOND, 0xe5): a jump the kernel may take to bound loops. */
    record MayGoto(short off) implements Jump {
        @Override
        public Kind kind() {
            return Kind.MAY_GOTO;
        }

        @Override
        public List<Slot> slots() {
            return List.of(Slot.of(Opcodes.CLASS_JMP | Opcodes.JMP_JCOND, 0, 0, off, 0));
        }
    }

    /** {@code call imm}: helper id, relative slot distance (local) or BTF id (kfunc, dynamic). */
    record Call(CallKind target, int imm, short off) implements Jump {
        public Call {
            if (target == null || !target.hasOffset() && off != 0) {
                throw new IllegalArgumentException("only kfunc and dynamic calls carry an offset");
            }
        }

        public static Call helper(int id) {
            return new Call(CallKind.HELPER, id, (short) 0);
        }

        /** A bpf-to-bpf call; {@code imm} is target slot minus (this slot + 1). */
        public static Call local(int imm) {
            return new Call(CallKind.LOCAL, imm, (short) 0);
        }

        public static Call kfunc(int btfId, int btfObject) {
            return new Call(CallKind.KFUNC, btfId, (short) btfObject);
        }

        /**
         * A call to the global function {@code btfId} (in its program's BTF) of the loaded program
         * whose fd is {@code fdArray[fdIndex]} of the load (ebld's {@code BPF_PSEUDO_EBLD_CALL}).
         */
        public static Call dynamic(int btfId, int fdIndex) {
            if (fdIndex < 0 || fdIndex > Short.MAX_VALUE) {
                throw new IllegalArgumentException("fd array index " + fdIndex + " does not fit in off");
            }
            return new Call(CallKind.DYNAMIC, btfId, (short) fdIndex);
        }

        /** The same call with another imm, e.g. a relocated bpf-to-bpf distance. */
        public Call withImm(int newImm) {
            return new Call(target, newImm, off);
        }

        @Override
        public Kind kind() {
            return Kind.CALL;
        }

        @Override
        public List<Slot> slots() {
            return List.of(Slot.of(Opcodes.CLASS_JMP | Opcodes.JMP_CALL, 0, target.src(), off, imm));
        }
    }

    /** {@code callx reg}: indirect call; LLVM encodes the register in the dst field. */
    record CallX(Reg reg) implements Jump {
        @Override
        public Kind kind() {
            return Kind.CALLX;
        }

        @Override
        public List<Slot> slots() {
            return List.of(Slot.of(Opcodes.CLASS_JMP | Opcodes.JMP_CALL | Opcodes.SRC_X,
                    reg.number(), 0, 0, 0));
        }
    }

    /** {@code exit}. */
    record Exit() implements Jump {
        @Override
        public Kind kind() {
            return Kind.EXIT;
        }

        @Override
        public List<Slot> slots() {
            return List.of(Slot.of(Opcodes.CLASS_JMP | Opcodes.JMP_EXIT, 0, 0, 0, 0));
        }
    }

    static Exit exit() {
        return new Exit();
    }
}
