/** BTF and BTF.ext: model, reader, writer, queries and bpftool-compatible dumps. */
module dev.ebld.btf {
    requires transitive dev.ebld.elf;

    exports dev.ebld.btf;
    exports dev.ebld.btf.bench;
}
