package dev.ebld.loader.interp;

import static org.objectweb.asm.Opcodes.*;

import java.util.TreeMap;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits one BPF function (slots {@code [start, end)} of an image) as a static JVM method
 * {@code long f(ProgramImage img, RunState st, int depth)}, registers r0-r10 in {@code long}
 * locals.
 *
 * <p>The budget is paid per basic block, at its first instruction: when the remaining budget
 * cannot pay for the whole block, the frame goes to the interpreter from that slot, which then
 * runs (and faults) exactly where it would have. The same hand-over, with the registers written
 * back, is what every slot the compiler does not translate becomes: tail calls, bpf_loop,
 * callx, dynamic calls, may_goto, invalid slots, and jumps leaving the function. What holds at
 * every hand-over and every call out: {@code st.regs} and {@code st.budget} are current.
 */
final class FunctionEmitter {
    private static final String EXEC = "dev/ebld/loader/interp/BytecodeExecutor";
    private static final String INTERP = "dev/ebld/loader/interp/Interpreter";
    private static final String SPACE = "dev/ebld/loader/interp/AddressSpace";
    private static final int IMG = 0;
    private static final int ST = 1;
    private static final int DEPTH = 2;
    private static final int PC = 3;
    private static final int MEM = 4;
    private static final int BUDGET = 5;
    private static final int REGS = 29;

    private final ProgramImage img;
    private final int start;
    private final int end;
    private final MethodVisitor mv;
    private final Label[] labels;
    private final boolean[] leader;
    private final Label handOver = new Label();
    private final TreeMap<Integer, Label> outside = new TreeMap<>();

    FunctionEmitter(ProgramImage img, int start, int end, MethodVisitor mv) {
        this.img = img;
        this.start = start;
        this.end = end;
        this.mv = mv;
        this.labels = new Label[end - start + 1];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = new Label();
        }
        this.leader = new boolean[end - start + 1];
    }

    static void invokeInterpret(MethodVisitor mv) {
        mv.visitMethodInsn(INVOKESTATIC, EXEC, "interpret", "(L" + BytecodeCompiler.IMAGE + ";L"
                + BytecodeCompiler.STATE + ";II)J", false);
    }

    /** Emits the method; returns its size in bytes of bytecode. */
    int emit() {
        findLeaders();
        mv.visitCode();
        prologue();
        for (int pc = start; pc < end; pc += width(pc)) {
            emitSlot(pc);
            if (op(pc) == 0x18 && pc + 1 < end && leader[pc + 1 - start]) {
                // A jump lands on ld_imm64's second half: a hand-over there, jumped around here.
                mv.visitJumpInsn(GOTO, to(pc + 2));
                mv.visitLabel(labels[pc + 1 - start]);
                handOverAt(pc + 1);
            }
        }
        mv.visitLabel(labels[end - start]);
        handOverAt(end); // falling off the function's end
        for (var e : outside.entrySet()) {
            mv.visitLabel(e.getValue());
            handOverAt(e.getKey());
        }
        Label last = new Label();
        emitHandOver();
        mv.visitLabel(last);
        int size = last.getOffset();
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return size;
    }

    private int op(int pc) {
        return img.code[pc] & 0xff;
    }

    private int width(int pc) {
        return op(pc) == 0x18 ? 2 : 1;
    }

    /** Whether the compiler leaves this slot (and the rest of its frame) to the interpreter. */
    private boolean handedOver(int pc) {
        int c = img.code[pc];
        int op = c & 0xff;
        int src = (c >>> 12) & 15;
        if (op == 0x85) {
            int k = img.imm[pc];
            return src == 1 ? img.target[pc] >= img.length()
                    : src != 0 || Helpers.runByInterpreter(k);
        }
        return op == 0x8d || op == 0xe5 || op == ProgramImage.INVALID || !Translator.knows(op);
    }

    private static boolean isJump(int op) {
        int cls = op & 7;
        return (cls == 5 || cls == 6) && op != 0x85 && op != 0x95 && op != 0x8d && op != 0xe5;
    }

    /** Block starts: the entry, jump targets, and whatever follows a jump, call, exit or hand-over. */
    private void findLeaders() {
        leader[0] = true;
        for (int pc = start; pc < end; pc += width(pc)) {
            int op = op(pc);
            int next = pc + width(pc);
            boolean endsBlock = handedOver(pc) || op == 0x85 || op == 0x95 || isJump(op);
            if (handedOver(pc)) {
                leader[pc - start] = true;
            }
            if (isJump(op)) {
                int t = img.target[pc];
                if (t >= start && t < end) {
                    leader[t - start] = true;
                }
            }
            if (endsBlock && next < end) {
                leader[next - start] = true;
            }
        }
    }

    /** Instructions in the block starting at {@code pc}. */
    private int blockLength(int pc) {
        int n = 0;
        for (int p = pc; p < end; p += width(p)) {
            n++;
            int op = op(p);
            int next = p + width(p);
            if (op == 0x85 || op == 0x95 || isJump(op) || next >= end || leader[next - start]) {
                break;
            }
        }
        return n;
    }

    private void prologue() {
        mv.visitVarInsn(ALOAD, ST);
        mv.visitFieldInsn(GETFIELD, BytecodeCompiler.STATE, "space", "L" + SPACE + ";");
        mv.visitVarInsn(ASTORE, MEM);
        mv.visitVarInsn(ALOAD, ST);
        mv.visitFieldInsn(GETFIELD, BytecodeCompiler.STATE, "regs", "[J");
        mv.visitVarInsn(ASTORE, REGS);
        mv.visitVarInsn(ALOAD, ST);
        mv.visitFieldInsn(GETFIELD, BytecodeCompiler.STATE, "budget", "J");
        mv.visitVarInsn(LSTORE, BUDGET);
        loadRegs(0, 10);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, PC);
    }

    private void emitSlot(int pc) {
        mv.visitLabel(labels[pc - start]);
        if (handedOver(pc)) {
            handOverAt(pc);
            return;
        }
        if (leader[pc - start]) {
            charge(pc, blockLength(pc));
        }
        new Translator(this, mv, img, pc).emit();
    }

    /** Pays for the block at {@code pc}, or hands over when the budget cannot. */
    private void charge(int pc, int n) {
        Label paid = new Label();
        mv.visitVarInsn(LLOAD, BUDGET);
        mv.visitLdcInsn((long) n);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFGE, paid);
        handOverAt(pc);
        mv.visitLabel(paid);
        mv.visitVarInsn(LLOAD, BUDGET);
        mv.visitLdcInsn((long) n);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(LSTORE, BUDGET);
    }

    private void handOverAt(int pc) {
        mv.visitLdcInsn(pc);
        mv.visitVarInsn(ISTORE, PC);
        mv.visitJumpInsn(GOTO, handOver);
    }

    private void emitHandOver() {
        mv.visitLabel(handOver);
        sync();
        mv.visitVarInsn(ALOAD, IMG);
        mv.visitVarInsn(ALOAD, ST);
        mv.visitVarInsn(ILOAD, PC);
        mv.visitVarInsn(ILOAD, DEPTH);
        invokeInterpret(mv);
        mv.visitInsn(LRETURN);
    }

    // Used by Translator.

    /** The label of slot {@code t}: inside the function its code, outside a hand-over there. */
    Label to(int t) {
        if (t >= start && t <= end) {
            return labels[t - start];
        }
        return outside.computeIfAbsent(t, x -> new Label());
    }

    static int reg(int r) {
        return 7 + 2 * r;
    }

    /** Writes r0-r10 and the budget back into {@code st}. */
    void sync() {
        for (int r = 0; r <= 10; r++) {
            storeReg(r);
        }
        mv.visitVarInsn(ALOAD, ST);
        mv.visitVarInsn(LLOAD, BUDGET);
        mv.visitFieldInsn(PUTFIELD, BytecodeCompiler.STATE, "budget", "J");
    }

    void storeReg(int r) {
        mv.visitVarInsn(ALOAD, REGS);
        mv.visitLdcInsn(r);
        mv.visitVarInsn(LLOAD, reg(r));
        mv.visitInsn(LASTORE);
    }

    /** Reads r{@code from}-r{@code to} from {@code st} (after a call out may have changed them). */
    void loadRegs(int from, int to) {
        for (int r = from; r <= to; r++) {
            loadReg(r);
        }
    }

    void loadReg(int r) {
        mv.visitVarInsn(ALOAD, REGS);
        mv.visitLdcInsn(r);
        mv.visitInsn(LALOAD);
        mv.visitVarInsn(LSTORE, reg(r));
    }

    /** Reads the budget back from {@code st}. */
    void loadBudget() {
        mv.visitVarInsn(ALOAD, ST);
        mv.visitFieldInsn(GETFIELD, BytecodeCompiler.STATE, "budget", "J");
        mv.visitVarInsn(LSTORE, BUDGET);
    }

    static int mem() {
        return MEM;
    }

    static int state() {
        return ST;
    }

    static int image() {
        return IMG;
    }

    static int depth() {
        return DEPTH;
    }

    static String exec() {
        return EXEC;
    }

    static String interp() {
        return INTERP;
    }

    static String space() {
        return SPACE;
    }
}
