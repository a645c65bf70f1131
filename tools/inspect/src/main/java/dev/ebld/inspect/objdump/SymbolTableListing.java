package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;

import java.util.List;

/** {@code llvm-objdump -t}: the "SYMBOL TABLE:" listing, mirroring llvm's {@code printSymbol}. */
final class SymbolTableListing {
    private static final int STT_GNU_IFUNC = 10;
    private static final int STB_GNU_UNIQUE = 10;

    private SymbolTableListing() {
    }

    static void print(ElfObject obj, StringBuilder out) {
        out.append("\nSYMBOL TABLE:\n");
        List<ElfSymbol> symbols = obj.symbols();
        // LLVM's symbol iterator starts after the null symbol.
        for (int i = 1; i < symbols.size(); i++) {
            printSymbol(obj, symbols.get(i), out);
        }
    }

    private static void printSymbol(ElfObject obj, ElfSymbol sym, StringBuilder out) {
        Section section = LlvmSymbols.section(obj, sym);
        boolean absolute = LlvmSymbols.isAbsolute(sym);
        boolean common = LlvmSymbols.isCommon(sym);
        int type = sym.type();
        out.append(Hex.padded(LlvmSymbols.address(obj, sym), 16)).append(' ');
        out.append(flagColumns(sym, section != null || absolute));
        out.append(' ');
        if (absolute) {
            out.append("*ABS*");
        } else if (common) {
            out.append("*COM*");
        } else if (section == null) {
            out.append("*UND*");
        } else {
            out.append(section.name());
        }
        out.append('\t').append(Hex.padded(common ? sym.value() : sym.size(), 16));
        out.append(visibility(sym.other()));
        boolean sectionSymbol = type == ElfSymbol.STT_SECTION && section != null;
        out.append(' ').append(sectionSymbol ? section.name() : sym.name()).append('\n');
    }

    /** The seven flag characters: scope, weak, two unused, ifunc, debug, kind. */
    private static String flagColumns(ElfSymbol sym, boolean placed) {
        int type = sym.type();
        boolean weak = sym.bind() == ElfSymbol.STB_WEAK;
        char scope = ' ';
        if (placed && !weak) {
            scope = sym.bind() != ElfSymbol.STB_LOCAL ? 'g' : 'l';
        }
        if (sym.bind() == STB_GNU_UNIQUE) {
            scope = 'u';
        }
        char ifunc = type == STT_GNU_IFUNC ? 'i' : ' ';
        char debug = type == ElfSymbol.STT_SECTION || type == ElfSymbol.STT_FILE ? 'd' : ' ';
        char kind = ' ';
        if (type == ElfSymbol.STT_FILE) {
            kind = 'f';
        } else if (type == ElfSymbol.STT_FUNC) {
            kind = 'F';
        } else if (type == ElfSymbol.STT_OBJECT || type == 5) {
            kind = 'O';
        }
        return "" + scope + (weak ? 'w' : ' ') + "  " + ifunc + debug + kind;
    }

    /** LLVM switches on the whole {@code st_other} byte, not just the visibility bits. */
    private static String visibility(int other) {
        switch (other) {
            case ElfSymbol.STV_DEFAULT:
                return "";
            case ElfSymbol.STV_INTERNAL:
                return " .internal";
            case ElfSymbol.STV_HIDDEN:
                return " .hidden";
            case ElfSymbol.STV_PROTECTED:
                return " .protected";
            default:
                return String.format(" 0x%02x", other);
        }
    }
}
