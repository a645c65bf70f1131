package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfObject;

/**
 * Whole llvm-objdump-19 listings for one object. The order of the parts is llvm-objdump's:
 * file header line, section headers ({@code -h}), symbol table ({@code -t}), relocation records
 * ({@code -r} without {@code -d}), disassembly ({@code -d}, with inline relocations under
 * {@code -r}).
 */
public final class ObjdumpPrinter {
    private ObjdumpPrinter() {
    }

    /** The listing; the first line names {@code obj.file()} as llvm-objdump names its argument. */
    public static String print(ElfObject obj, ObjdumpOptions opts) {
        StringBuilder out = new StringBuilder();
        out.append('\n').append(obj.file()).append(":\tfile format elf64-bpf\n");
        if (opts.sectionHeaders()) {
            SectionHeaderTable.print(obj, out);
        }
        if (opts.symbolTable()) {
            SymbolTableListing.print(obj, out);
        }
        if (opts.relocations() && !opts.disassemble()) {
            RelocationRecords.print(obj, out);
        }
        if (opts.disassemble()) {
            new DisassemblyListing(obj, opts, out).print();
        }
        return out.toString();
    }
}
