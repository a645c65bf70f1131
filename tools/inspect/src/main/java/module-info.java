/**
 * Listings of BPF objects for people and diff tools: the llvm-objdump-19 emulation (disassembly,
 * section headers, symbols, relocations, CO-RE lines) and the llvm-readelf-19 tables. Kept out
 * of {@code dev.ebld.elf} so that libraries reading objects (the loader, the verifier) do not
 * carry a disassembler.
 */
module dev.ebld.inspect {
    requires transitive dev.ebld.elf;
    requires dev.ebld.btf;

    exports dev.ebld.inspect.objdump;
    exports dev.ebld.inspect.readelf;
}
