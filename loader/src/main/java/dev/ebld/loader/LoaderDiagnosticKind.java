package dev.ebld.loader;

import dev.ebld.diag.DiagnosticKind;

/**
 * Why opening or loading an object failed, as a stable name for tests and tools
 * ({@link LoaderException#kind()}); the message says the rest.
 */
public enum LoaderDiagnosticKind implements DiagnosticKind {
    BAD_ELF("bad-elf"),
    BAD_BTF("bad-btf"),
    BYTE_ORDER("byte-order"),
    UNKNOWN_SECTION("unknown-section"),
    STATIC_PROGRAM("static-program"),
    BAD_FUNCTION("bad-function"),
    BAD_INSN("bad-insn"),
    BAD_CALL("bad-call"),
    BAD_MAP("bad-map"),
    BAD_RELOCATION("bad-relocation"),
    BAD_EXTERN("bad-extern"),
    BAD_KCONFIG("bad-kconfig"),
    UNRESOLVED_EXTERN("unresolved-extern"),
    UNRESOLVED_REFERENCE("unresolved-reference"),
    UNKNOWN_GLOBAL("unknown-global"),
    CORE_RELO("core-relo"),
    NO_BTF("no-btf"),
    ATTACH_TARGET("attach-target"),
    NOT_FOUND("not-found"),
    MAP_CREATE("map-create"),
    MAP_INIT("map-init"),
    MAP_LOOKUP("map-lookup"),
    PROG_LOAD("prog-load");

    private final String id;

    LoaderDiagnosticKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
