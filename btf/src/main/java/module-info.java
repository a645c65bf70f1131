/**
 * BTF and BTF.ext: the model, reader and writer ({@code dev.ebld.btf}), bpftool's raw dump
 * ({@code .dump}), the C header writer and C spelling ({@code .c}), type compatibility rules
 * ({@code .compat}) and deduplication ({@code .dedup}). {@code .internal} (the section scan and
 * checks, the output buffer) is for this module only.
 */
module dev.ebld.btf {
    requires transitive dev.ebld.elf;

    exports dev.ebld.btf;
    exports dev.ebld.btf.c;
    exports dev.ebld.btf.compat;
    exports dev.ebld.btf.dedup;
    exports dev.ebld.btf.dump;
}
