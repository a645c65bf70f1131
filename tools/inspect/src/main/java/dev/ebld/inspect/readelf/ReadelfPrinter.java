package dev.ebld.inspect.readelf;

import dev.ebld.elf.ElfObject;

import java.io.PrintWriter;

/** The llvm-readelf-19 tables for one object: section headers, relocations, symbols. */
public final class ReadelfPrinter {
    private ReadelfPrinter() {
    }

    /** The llvm-readelf order, whatever the flag order: sections, relocations, symbols. */
    public static void print(ElfObject obj, PrintWriter out, boolean sections, boolean relocations,
                             boolean symbols) {
        if (sections) {
            SectionHeaderListing.print(obj, out);
        }
        if (relocations) {
            RelocationListing.print(obj, out);
        }
        if (symbols) {
            SymbolListing.print(obj, out);
        }
        out.flush();
    }
}
