package dev.ebld.linker.internal;

/**
 * What the linker does with one input section. Decided once by {@link InputReader} from the
 * section's type and name, so that later stages never re-derive it.
 */
public enum SectionRole {
    /** The null section, index 0. */
    NULL,
    /** Code or data that goes to an output section of the same name. */
    CONTENT,
    /** The symbol table; its entries are resolved, not copied. */
    SYMTAB,
    /** A string table; the writer builds a fresh one. */
    STRTAB,
    /** Relocations for a CONTENT section; re-targeted by the relocation stage. */
    REL,
    /** {@code .BTF}; merged by the BTF stage. */
    BTF,
    /** {@code .BTF.ext}; merged by the BTF stage. */
    BTF_EXT,
    /** DWARF, {@code .llvm_addrsig}, and relocations for anything not CONTENT: left out. */
    DROPPED;

    public boolean isContent() {
        return this == CONTENT;
    }
}
