/** ELF container and BPF instruction codec. */
// "module": the modules named in the qualified exports are compiled after this one (and
// dev.ebld.loader has no module-info yet), so javac cannot find them here; that is expected.
@SuppressWarnings("module")
module dev.ebld.elf {
    exports dev.ebld.diag;
    exports dev.ebld.elf;
    exports dev.ebld.insn;

    // Helpers for the project's own modules, not API.
    exports dev.ebld.bytes to dev.ebld.btf, dev.ebld.linker, dev.ebld.inspect, dev.ebld.loader;
    exports dev.ebld.elf.internal to dev.ebld.linker, dev.ebld.loader;
}
