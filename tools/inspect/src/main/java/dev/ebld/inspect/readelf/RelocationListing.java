package dev.ebld.inspect.readelf;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;

import java.io.PrintWriter;
import java.util.List;

/** REL and RELA sections in the layout of {@code llvm-readelf-19 -r}, with BPF type names. */
final class RelocationListing {
    private RelocationListing() {
    }

    static void print(ElfObject obj, PrintWriter out) {
        boolean any = false;
        List<ElfSymbol> symbols = obj.symbols();
        for (Section s : obj.sections()) {
            if (s.content() instanceof SectionContent.Relocations rels) {
                any = true;
                printSection(obj, s, rels, symbols, out);
            }
        }
        if (!any) {
            out.println();
            out.println("There are no relocations in this file.");
        }
    }

    private static void printSection(ElfObject obj, Section s, SectionContent.Relocations rels,
                                     List<ElfSymbol> symbols, PrintWriter out) {
        out.println();
        out.printf("Relocation section '%s' at offset 0x%x contains %d entries:%n",
                s.name(), s.fileOffset(), rels.relocations().size());
        out.println("    Offset             Info             Type               Symbol's Value  Symbol's Name"
                + (rels.rela() ? " + Addend" : ""));
        for (Relocation r : rels.relocations()) {
            out.println(row(obj, r, rels.rela(), symbols));
        }
    }

    static String row(ElfObject obj, Relocation r, boolean rela, List<ElfSymbol> symbols) {
        long info = ((long) r.symbolIndex() << 32) | (r.type() & 0xffffffffL);
        ColumnLine line = new ColumnLine()
                .at(0, String.format("%016x", r.offset()))
                .at(18, String.format("%016x", info))
                .at(35, r.typeName());
        int idx = r.symbolIndex();
        if (idx > 0 && idx < symbols.size()) {
            ElfSymbol sym = symbols.get(idx);
            line.at(58, String.format("%016x", sym.value()))
                    .at(75, SymbolListing.displayName(obj, sym) + addend(rela, r.addend()));
        } else if (rela) {
            line.at(58, String.format("%x", r.addend()));
        }
        return line.toString();
    }

    private static String addend(boolean rela, long addend) {
        if (!rela) {
            return "";
        }
        return addend < 0 ? " - " + Long.toHexString(-addend) : " + " + Long.toHexString(addend);
    }
}
