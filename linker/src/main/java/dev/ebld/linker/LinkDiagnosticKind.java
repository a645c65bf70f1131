package dev.ebld.linker;

import dev.ebld.diag.DiagnosticKind;

/**
 * Every kind of problem the linker reports, with the stable name tests and tools match on. One
 * constant per distinct problem: two problems share a kind only when the same fix applies to
 * both. {@code LinkDiagnosticKindTest} triggers each one against a golden text, and fails when a
 * constant is added without a case there.
 */
public enum LinkDiagnosticKind implements DiagnosticKind {
    // Reading inputs.
    NO_INPUTS("no-inputs"),
    UNREADABLE_INPUT("unreadable-input"),
    BAD_ARCHIVE("bad-archive"),
    UNSUPPORTED_SECTION("unsupported-section"),
    BTF_FORMAT("btf-format"),
    BYTE_ORDER_MISMATCH("byte-order-mismatch"),
    // Resolving symbols.
    COMMON_SYMBOL("common-symbol"),
    DUPLICATE_SYMBOL("duplicate-symbol"),
    SECTION_MISMATCH("section-mismatch"),
    TYPE_MISMATCH("type-mismatch"),
    MAP_MISMATCH("map-mismatch"),
    // Laying out sections and building the symbol table.
    LICENSE_MISMATCH("license-mismatch"),
    LOCAL_SYMBOL_DROPPED("local-symbol-dropped"),
    SYMBOL_OUTSIDE_SECTION("symbol-outside-section"),
    // Applying relocations.
    BAD_RELOCATION_SYMBOL("bad-relocation-symbol"),
    BAD_RELOCATION_OFFSET("bad-relocation-offset"),
    RELOCATION_TO_UNLINKED_SECTION("relocation-to-unlinked-section"),
    UNSUPPORTED_RELOCATION_OPCODE("unsupported-relocation-opcode"),
    RELOCATION_TARGET_NOT_LINKED("relocation-target-not-linked"),
    UNDEFINED_SYMBOL("undefined-symbol"),
    // Merging .BTF.ext.
    BTF_EXT_RECORD_SIZE("btf-ext-record-size"),
    BTF_EXT_RECORDS_DROPPED("btf-ext-records-dropped"),
    // Writing the output.
    OUTPUT_OVERWRITES_INPUT("output-overwrites-input");

    private final String id;

    LinkDiagnosticKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
