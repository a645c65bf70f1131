package dev.ebld.linker.internal;

/**
 * The name space of a global symbol (see {@link NameSpaces} for how a declaration gets one).
 * Names in different spaces never resolve to each other.
 */
public enum NameSpace {
    /** Functions and variables in any other section, and externs BTF puts in no special DATASEC. */
    ORDINARY(""),
    /** BTF-defined maps ({@code SEC(".maps")}). */
    MAPS(".maps"),
    /** {@code __kconfig} externs: the loader fills them from the kernel config. */
    KCONFIG(".kconfig"),
    /** {@code __ksym} externs: the loader resolves them against kernel symbols (kallsyms, vmlinux BTF). */
    KSYMS(".ksyms");

    private final String section;

    NameSpace(String section) {
        this.section = section;
    }

    /** The section (and BTF DATASEC) name that marks this space; empty for {@link #ORDINARY}. */
    public String section() {
        return section;
    }

    /** The space whose section is {@code name}; {@link #ORDINARY} for every other section. */
    public static NameSpace ofSection(String name) {
        for (NameSpace s : values()) {
            if (s != ORDINARY && s.section.equals(name)) {
                return s;
            }
        }
        return ORDINARY;
    }

    /**
     * True for spaces only the loader can fill (libbpf resolves {@code .kconfig} and {@code .ksyms}
     * externs at load time), so nothing in a link may define them and {@code --no-undefined}
     * accepts references left to them.
     */
    public boolean isLoaderResolved() {
        return switch (this) {
            case ORDINARY, MAPS -> false;
            case KCONFIG, KSYMS -> true;
        };
    }

    /** How diagnostics name the space. */
    public String label() {
        return switch (this) {
            case ORDINARY -> "the ordinary name space";
            case MAPS, KCONFIG, KSYMS -> section;
        };
    }
}
