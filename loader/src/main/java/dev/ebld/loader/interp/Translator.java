package dev.ebld.loader.interp;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Translates one instruction to bytecode on the registers-in-locals model of
 * {@link FunctionEmitter}, mirroring the interpreter's case for the same opcode: the arithmetic
 * helpers with edge cases (division, sign-extending moves, byte swaps) are the interpreter's own
 * methods, and memory goes through {@link AddressSpace#load} and {@link AddressSpace#store}.
 */
final class Translator {
    private static final String LJJ_I = "(JJ)I";
    private static final String LII_I = "(II)I";

    private final FunctionEmitter fn;
    private final MethodVisitor mv;
    private final ProgramImage img;
    private final int pc;
    private final int c;
    private final int op;
    private final int dst;
    private final int src;
    private final int k;

    Translator(FunctionEmitter fn, MethodVisitor mv, ProgramImage img, int pc) {
        this.fn = fn;
        this.mv = mv;
        this.img = img;
        this.pc = pc;
        this.c = img.code[pc];
        this.op = c & 0xff;
        this.dst = (c >>> 8) & 15;
        this.src = (c >>> 12) & 15;
        this.k = img.imm[pc];
    }

    /** Whether {@link #emit} translates {@code op} (calls and exit included). */
    static boolean knows(int op) {
        int cls = op & 7;
        int code = op >> 4;
        switch (cls) {
            case 7: return code <= 0xd && op != 0x8f && op != 0xdf;
            case 4: return code <= 0xd && op != 0x8c;
            case 1: return (op & 0xe0) == 0x60 || (op & 0xe0) == 0x80 && op != 0x99;
            case 2: case 3: return (op & 0xe0) == 0x60 || op == 0xc3 || op == 0xdb;
            case 0: return op == 0x18 || op == 0x20 || op == 0x28 || op == 0x30 || op == 0x40
                    || op == 0x48 || op == 0x50;
            default: return op == 0x05 || op == 0x06 || op == 0x85 || op == 0x95
                    || cond(code) != -1;
        }
    }

    void emit() {
        int cls = op & 7;
        switch (cls) {
            case 7: alu64(); break;
            case 4: alu32(); break;
            case 1: load(); break;
            case 2: case 3: store(); break;
            case 0: ldOrPacket(); break;
            case 5: case 6: jump(); break;
            default: throw new IllegalStateException("opcode 0x" + Integer.toHexString(op));
        }
    }

    /** The JVM long (or int) operator of a BPF ALU operation code, 0 for the special ones. */
    private static int aluOp(int code, boolean wide) {
        switch (code) {
            case 0x0: return wide ? LADD : IADD;
            case 0x1: return wide ? LSUB : ISUB;
            case 0x2: return wide ? LMUL : IMUL;
            case 0x4: return wide ? LOR : IOR;
            case 0x5: return wide ? LAND : IAND;
            case 0x6: return wide ? LSHL : ISHL;
            case 0x7: return wide ? LUSHR : IUSHR;
            case 0xa: return wide ? LXOR : IXOR;
            case 0xc: return wide ? LSHR : ISHR;
            default: return 0;
        }
    }

    private static boolean isShift(int code) {
        return code == 0x6 || code == 0x7 || code == 0xc;
    }

    private void alu64() {
        int code = op >> 4;
        boolean x = (op & 8) != 0;
        int jop = aluOp(code, true);
        if (jop != 0) {
            ld(dst);
            if (isShift(code)) {
                if (x) {
                    ld(src);
                    mv.visitInsn(L2I);
                } else {
                    mv.visitLdcInsn(k);
                }
            } else {
                operand64(x);
            }
            mv.visitInsn(jop);
        } else {
            switch (code) {
                case 0x3: case 0x9:
                    ld(dst);
                    operand64(x);
                    helper(code == 0x3 ? "div64" : "mod64", "(JJI)J");
                    break;
                case 0x8: ld(dst); mv.visitInsn(LNEG); break;
                case 0xb:
                    if (x) {
                        ld(src);
                        helper("movsx64", "(JI)J");
                    } else {
                        mv.visitLdcInsn((long) k);
                    }
                    break;
                case 0xd: ld(dst); mv.visitLdcInsn(k); call(FunctionEmitter.interp(), "bswap", "(JI)J"); break;
                default: throw new IllegalStateException("alu64 0x" + Integer.toHexString(op));
            }
        }
        st(dst);
    }

    private void alu32() {
        int code = op >> 4;
        boolean x = (op & 8) != 0;
        int jop = aluOp(code, false);
        if (jop != 0) {
            ld(dst);
            mv.visitInsn(L2I);
            operand32(x);
            mv.visitInsn(jop);
            u32();
        } else {
            switch (code) {
                case 0x3: case 0x9:
                    ld(dst);
                    mv.visitInsn(L2I);
                    operand32(x);
                    helper(code == 0x3 ? "div32" : "mod32", "(III)J");
                    break;
                case 0x8: ld(dst); mv.visitInsn(L2I); mv.visitInsn(INEG); u32(); break;
                case 0xb:
                    if (x) {
                        ld(src);
                        helper("movsx32", "(JI)J");
                    } else {
                        mv.visitLdcInsn(k & 0xffff_ffffL);
                    }
                    break;
                case 0xd:
                    ld(dst);
                    mv.visitLdcInsn(k);
                    call(FunctionEmitter.interp(), x ? "bswap" : "toLe", "(JI)J");
                    break;
                default: throw new IllegalStateException("alu32 0x" + Integer.toHexString(op));
            }
        }
        st(dst);
    }

    private void load() {
        mv.visitVarInsn(ALOAD, FunctionEmitter.mem());
        address(src);
        int size = size();
        mv.visitLdcInsn(size);
        mv.visitLdcInsn(pc);
        mv.visitMethodInsn(INVOKEVIRTUAL, FunctionEmitter.space(), "load", "(JII)J", false);
        if ((op & 0xe0) == 0x80) { // sign-extending loads
            mv.visitInsn(L2I);
            if (size == 2) {
                mv.visitInsn(I2S);
            } else if (size == 1) {
                mv.visitInsn(I2B);
            }
            mv.visitInsn(I2L);
        }
        st(dst);
    }

    private void store() {
        if (op == 0xc3 || op == 0xdb) {
            // Atomics.apply reads r0, dst and src and writes r0 (cmpxchg) or src (fetch): only
            // those three go through st.regs.
            fn.storeReg(0);
            fn.storeReg(dst);
            fn.storeReg(src);
            mv.visitVarInsn(ALOAD, FunctionEmitter.state());
            mv.visitLdcInsn(op == 0xc3 ? 4 : 8);
            mv.visitLdcInsn(k);
            mv.visitLdcInsn(dst);
            mv.visitLdcInsn(src);
            mv.visitLdcInsn((int) (short) (c >>> 16));
            mv.visitLdcInsn(pc);
            call(FunctionEmitter.exec(), "atomic", "(L" + BytecodeCompiler.STATE + ";IIIIII)V");
            fn.loadReg(0);
            fn.loadReg(src);
            return;
        }
        mv.visitVarInsn(ALOAD, FunctionEmitter.mem());
        address(dst);
        mv.visitLdcInsn(size());
        if ((op & 7) == 2) {
            mv.visitLdcInsn((long) k);
        } else {
            ld(src);
        }
        mv.visitLdcInsn(pc);
        mv.visitMethodInsn(INVOKEVIRTUAL, FunctionEmitter.space(), "store", "(JIJI)V", false);
    }

    private void ldOrPacket() {
        if (op == 0x18) {
            mv.visitLdcInsn(img.wide[pc]);
            st(dst);
            return;
        }
        fn.sync();
        Label more = new Label();
        mv.visitVarInsn(ALOAD, FunctionEmitter.state());
        mv.visitLdcInsn(op);
        mv.visitLdcInsn(src);
        mv.visitLdcInsn(k);
        mv.visitLdcInsn(pc);
        call(FunctionEmitter.exec(), "packetLoad", "(L" + BytecodeCompiler.STATE + ";IIII)Z");
        mv.visitJumpInsn(IFNE, more);
        mv.visitInsn(LCONST_0); // the kernel ends the program with 0 on an out-of-packet load
        mv.visitInsn(LRETURN);
        mv.visitLabel(more);
        fn.loadRegs(0, 10);
    }

    private void jump() {
        switch (op) {
            case 0x05: case 0x06: mv.visitJumpInsn(GOTO, fn.to(img.target[pc])); return;
            case 0x95:
                fn.sync();
                ld(0);
                mv.visitInsn(LRETURN);
                return;
            case 0x85: callOut(); return;
            default: break;
        }
        boolean wide = (op & 7) == 5;
        boolean x = (op & 8) != 0;
        int code = op >> 4;
        ld(dst);
        if (wide) {
            operand64(x);
        } else {
            mv.visitInsn(L2I);
            operand32(x);
        }
        Label t = fn.to(img.target[pc]);
        if (code == 0x4) { // jset
            mv.visitInsn(wide ? LAND : IAND);
            if (wide) {
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
            }
            mv.visitJumpInsn(IFNE, t);
            return;
        }
        if (code == 0x2 || code == 0x3 || code == 0xa || code == 0xb) {
            mv.visitMethodInsn(INVOKESTATIC, wide ? "java/lang/Long" : "java/lang/Integer",
                    "compareUnsigned", wide ? LJJ_I : LII_I, false);
        } else if (wide) {
            mv.visitInsn(LCMP);
        } else {
            mv.visitJumpInsn(cond(code) - IFEQ + IF_ICMPEQ, t);
            return;
        }
        mv.visitJumpInsn(cond(code), t);
    }

    /** The IFxx of a comparison code (signed or unsigned alike), -1 for none. */
    private static int cond(int code) {
        switch (code) {
            case 0x1: return IFEQ;
            case 0x5: return IFNE;
            case 0x2: case 0x6: return IFGT;
            case 0x3: case 0x7: return IFGE;
            case 0xa: case 0xc: return IFLT;
            case 0xb: case 0xd: return IFLE;
            case 0x4: return IFNE;
            default: return -1;
        }
    }

    /** A helper call (src 0) or a local call (src 1): the only calls the compiler keeps. */
    private void callOut() {
        fn.sync();
        if (src == 1) {
            mv.visitVarInsn(ALOAD, FunctionEmitter.image());
            mv.visitVarInsn(ALOAD, FunctionEmitter.state());
            mv.visitLdcInsn(img.target[pc]);
            mv.visitVarInsn(ILOAD, FunctionEmitter.depth());
            mv.visitLdcInsn(pc);
            call(FunctionEmitter.exec(), "localCall", "(L" + BytecodeCompiler.IMAGE + ";L"
                    + BytecodeCompiler.STATE + ";III)J");
        } else {
            mv.visitVarInsn(ALOAD, FunctionEmitter.state());
            mv.visitLdcInsn(k);
            mv.visitLdcInsn(pc);
            call(FunctionEmitter.exec(), "helper", "(L" + BytecodeCompiler.STATE + ";II)J");
        }
        st(0);
        if (src == 1) {
            fn.loadRegs(1, 5); // the callee's r1-r5; localCall restored r6-r10 as they were
        } else {
            fn.loadRegs(1, 10); // as the interpreter, which sees whatever a helper left
        }
        fn.loadBudget();
    }

    private int size() {
        switch ((op >> 3) & 3) {
            case 0: return 4;
            case 1: return 2;
            case 2: return 1;
            default: return 8;
        }
    }

    /** Pushes {@code r[base] + off} (off the signed 16-bit field). */
    private void address(int base) {
        ld(base);
        mv.visitLdcInsn((long) (short) (c >>> 16));
        mv.visitInsn(LADD);
    }

    private void operand64(boolean x) {
        if (x) {
            ld(src);
        } else {
            mv.visitLdcInsn((long) k);
        }
    }

    private void operand32(boolean x) {
        if (x) {
            ld(src);
            mv.visitInsn(L2I);
        } else {
            mv.visitLdcInsn(k);
        }
    }

    /** Calls an interpreter arithmetic helper that takes the header word {@code c} last. */
    private void helper(String name, String desc) {
        mv.visitLdcInsn(c);
        call(FunctionEmitter.interp(), name, desc);
    }

    private void call(String owner, String name, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    }

    private void u32() {
        mv.visitInsn(I2L);
        mv.visitLdcInsn(0xffff_ffffL);
        mv.visitInsn(LAND);
    }

    private void ld(int r) {
        mv.visitVarInsn(LLOAD, FunctionEmitter.reg(r));
    }

    private void st(int r) {
        mv.visitVarInsn(LSTORE, FunctionEmitter.reg(r));
    }
}
