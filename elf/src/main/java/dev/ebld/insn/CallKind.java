package dev.ebld.insn;

/**
 * What a {@code call} (JMP|CALL|K) targets, chosen by its src field: a helper by id (0), a
 * bpf-to-bpf call whose imm is the slot distance minus one (1, "pseudo call"), a kernel
 * function by BTF id (2, "kfunc"; offset then selects the BTF object), or a global function of
 * an already-loaded program (3, ebld's {@code BPF_PSEUDO_EBLD_CALL}, which no Linux kernel
 * defines): imm is the function's BTF id in that program's BTF and offset the index of the
 * program's fd in the load's fd array (see docs/design.md, "Dynamic calls").
 */
public enum CallKind {
    HELPER, LOCAL, KFUNC, DYNAMIC;

    public int src() {
        return ordinal();
    }

    /** Whether the offset field carries a value (the kfunc BTF object, or the fd array index). */
    public boolean hasOffset() {
        return this == KFUNC || this == DYNAMIC;
    }

    public static CallKind ofSrc(int src) {
        return src >= 0 && src < 4 ? values()[src] : null;
    }
}
