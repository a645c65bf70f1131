package dev.ebld.insn;

/** The source bit of ALU and JMP opcodes: {@code K} takes the imm field, {@code X} the src register. */
public enum Source {
    K, X;

    public int bit() {
        return this == K ? Opcodes.SRC_K : Opcodes.SRC_X;
    }
}
