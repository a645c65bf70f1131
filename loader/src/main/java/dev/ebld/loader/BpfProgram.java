package dev.ebld.loader;

import java.util.Objects;

/**
 * One program as the object holds it ({@code struct bpf_program} after open): its entry
 * function and what its section says about it ({@link SecDef}). A section name starting with
 * '?' turns {@code autoload} off. Subprograms are appended only at load, per program.
 */
public record BpfProgram(BpfFunction entry, SecDef def, boolean autoload) {

    public BpfProgram {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(def, "def");
    }

    public String name() {
        return entry.name();
    }

    /** The ELF section, with its '?' if it had one. */
    public String section() {
        return entry.section();
    }
}
