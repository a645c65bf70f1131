package dev.ebld.insn;

/** Numeric pieces of the opcode byte, named after RFC 9669. See the package Javadoc for layout. */
public final class Opcodes {
    public static final int CLASS_LD = 0x00;
    public static final int CLASS_LDX = 0x01;
    public static final int CLASS_ST = 0x02;
    public static final int CLASS_STX = 0x03;
    public static final int CLASS_ALU = 0x04;
    public static final int CLASS_JMP = 0x05;
    public static final int CLASS_JMP32 = 0x06;
    public static final int CLASS_ALU64 = 0x07;

    /** Source bit for ALU and JMP classes: K uses imm, X uses the src register. */
    public static final int SRC_K = 0x00;
    public static final int SRC_X = 0x08;

    public static final int MODE_IMM = 0x00;
    public static final int MODE_ABS = 0x20;
    public static final int MODE_IND = 0x40;
    public static final int MODE_MEM = 0x60;
    public static final int MODE_MEMSX = 0x80;
    public static final int MODE_ATOMIC = 0xc0;

    /** ALU op codes (high nibble). */
    public static final int ALU_NEG = 0x80;
    public static final int ALU_MOV = 0xb0;
    public static final int ALU_END = 0xd0;

    /** JMP op codes (high nibble). */
    public static final int JMP_JA = 0x00;
    public static final int JMP_CALL = 0x80;
    public static final int JMP_EXIT = 0x90;
    /** clang's {@code may_goto}; LLVM names it BPF_JCOND. */
    public static final int JMP_JCOND = 0xe0;

    /** The atomic FETCH flag in imm. */
    public static final int ATOMIC_FETCH = 0x01;

    private Opcodes() {
    }

    public static int opClass(int opcode) {
        return opcode & 0x07;
    }

    public static int mode(int opcode) {
        return opcode & 0xe0;
    }

    public static int sizeBits(int opcode) {
        return opcode & 0x18;
    }

    public static int aluOrJmpOp(int opcode) {
        return opcode & 0xf0;
    }

    public static boolean isSrcX(int opcode) {
        return (opcode & SRC_X) != 0;
    }
}
