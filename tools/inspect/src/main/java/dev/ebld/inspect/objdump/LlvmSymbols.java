package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfHeader;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * How LLVM's object library sees an ELF symbol: its section (or none), address and flags. Mirrors
 * {@code ELFObjectFile::getSymbolFlags}, {@code getSymbolAddress} and {@code getSymbolSection}.
 */
final class LlvmSymbols {
    private static final int SHN_LORESERVE = 0xff00;
    private static final int STT_COMMON = 5;
    private static final int STT_TLS = 6;

    /** A symbol as llvm-objdump's disassembler lists it: address, name, ELF type. */
    record Entry(long address, String name, int type) {
    }

    /** Sort order of llvm's {@code SymbolInfoTy}: address (unsigned), then name bytes. */
    static final Comparator<Entry> ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.address(), b.address());
        return c != 0 ? c : compareBytes(a.name(), b.name());
    };

    private LlvmSymbols() {
    }

    /** The section a symbol belongs to, or {@code null} for undefined, ABS, COMMON and reserved. */
    static Section section(ElfObject obj, ElfSymbol sym) {
        int shndx = sym.shndx();
        if (shndx == ElfSymbol.SHN_UNDEF || shndx >= SHN_LORESERVE || shndx >= obj.sections().size()) {
            return null;
        }
        return obj.section(shndx);
    }

    static boolean isAbsolute(ElfSymbol sym) {
        return sym.shndx() == ElfSymbol.SHN_ABS;
    }

    static boolean isCommon(ElfSymbol sym) {
        return sym.type() == STT_COMMON || sym.shndx() == ElfSymbol.SHN_COMMON;
    }

    /** {@code SF_FormatSpecific}: the null symbol, STT_SECTION and STT_FILE. */
    static boolean isFormatSpecific(ElfSymbol sym, int index) {
        return index == 0 || sym.type() == ElfSymbol.STT_SECTION || sym.type() == ElfSymbol.STT_FILE;
    }

    /** {@code SymbolRef::getAddress()}: 0 if undefined, the size for COMMON, else the value. */
    static long address(ElfObject obj, ElfSymbol sym) {
        if (sym.isUndefined()) {
            return 0;
        }
        if (isCommon(sym)) {
            return sym.size();
        }
        long value = sym.value();
        Section s = section(obj, sym);
        if (s != null && sym.type() != STT_COMMON && sym.type() != STT_TLS
                && obj.header().type() == ElfHeader.ET_REL) {
            value += s.addr();
        }
        return value;
    }

    static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return Arrays.compareUnsigned(x, y);
    }
}
