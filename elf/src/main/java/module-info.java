/** ELF container, BPF instruction codec and disassembler. */
module dev.ebld.elf {
    exports dev.ebld.diag;
    exports dev.ebld.elf;
    exports dev.ebld.insn;
    exports dev.ebld.disasm;
}
