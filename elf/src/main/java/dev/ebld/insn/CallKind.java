package dev.ebld.insn;

/**
 * What a {@code call} (JMP|CALL|K) targets, chosen by its src field: a helper by id (0), a
 * bpf-to-bpf call whose imm is the slot distance minus one (1, "pseudo call"), or a kernel
 * function by BTF id (2, "kfunc"; offset then selects the BTF object).
 */
public enum CallKind {
    HELPER, LOCAL, KFUNC;

    public int src() {
        return ordinal();
    }

    public static CallKind ofSrc(int src) {
        return src >= 0 && src < 3 ? values()[src] : null;
    }
}
