package dev.ebld.insn;

/** The eleven eBPF registers. {@code R10} is the read-only frame pointer. */
public enum Reg {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    private static final Reg[] ALL = values();

    /** The register numbered {@code n}, or {@code null} if {@code n} is not 0..10. */
    public static Reg ofOrNull(int n) {
        return n >= 0 && n < ALL.length ? ALL[n] : null;
    }

    /** The register numbered {@code n}; fails for anything outside 0..10. */
    public static Reg of(int n) {
        Reg r = ofOrNull(n);
        if (r == null) {
            throw new IllegalArgumentException("no register r" + n);
        }
        return r;
    }

    public int number() {
        return ordinal();
    }

    /** {@code r3}, as assemblers write it. */
    public String r() {
        return "r" + ordinal();
    }

    /** {@code w3}, the 32-bit view. */
    public String w() {
        return "w" + ordinal();
    }
}
