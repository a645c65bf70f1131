package dev.ebld.inspect.readelf;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;
import dev.ebld.elf.SectionType;

import java.io.PrintWriter;
import java.util.List;

/** Symbol tables in the layout of {@code llvm-readelf-19 -s}. */
final class SymbolListing {
    private SymbolListing() {
    }

    static void print(ElfObject obj, PrintWriter out) {
        for (Section s : obj.sections()) {
            if (s.type() == SectionType.SHT_SYMTAB && s.content() instanceof SectionContent.Symbols syms) {
                printTable(obj, s, syms.symbols(), out);
            }
        }
    }

    private static void printTable(ElfObject obj, Section table, List<ElfSymbol> symbols,
                                   PrintWriter out) {
        out.println();
        out.printf("Symbol table '%s' contains %d entries:%n", table.name(), symbols.size());
        out.println("   Num:    Value          Size Type    Bind   Vis       Ndx Name");
        for (int i = 0; i < symbols.size(); i++) {
            out.println(row(obj, i, symbols.get(i)));
        }
    }

    static String row(ElfObject obj, int num, ElfSymbol sym) {
        return new ColumnLine()
                .right(0, 7, num + ":")
                .at(8, String.format("%016x", sym.value()))
                .right(25, 5, Long.toUnsignedString(sym.size()))
                .at(31, ElfSymbol.typeName(sym.type()))
                .at(39, ElfSymbol.bindName(sym.bind()))
                .at(46, ElfSymbol.visibilityName(sym.visibility()))
                .right(56, 3, sectionIndex(sym.shndx()))
                .at(60, displayName(obj, sym))
                .toString();
    }

    static String sectionIndex(int shndx) {
        return switch (shndx) {
            case ElfSymbol.SHN_UNDEF -> "UND";
            case ElfSymbol.SHN_ABS -> "ABS";
            case ElfSymbol.SHN_COMMON -> "COM";
            default -> Integer.toString(shndx);
        };
    }

    /** Section symbols have no name of their own; readelf shows the section's name. */
    static String displayName(ElfObject obj, ElfSymbol sym) {
        if (sym.type() == ElfSymbol.STT_SECTION && sym.name().isEmpty()
                && sym.shndx() > 0 && sym.shndx() < obj.sections().size()) {
            return obj.section(sym.shndx()).name();
        }
        return sym.name();
    }
}
