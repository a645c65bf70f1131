package dev.ebld.elf;

import dev.ebld.diag.DiagnosticKind;

/** The diagnostic kinds the ELF reader reports. */
public enum ElfDiagnosticKind implements DiagnosticKind {
    /** The bytes are not a readable BPF ELF object ({@link ElfFormatException}). */
    ELF_FORMAT("elf-format");

    private final String id;

    ElfDiagnosticKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
