package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;

import java.util.List;

/** Relocation type names and values as llvm-objdump prints them. */
final class RelocationText {
    private RelocationText() {
    }

    /** LLVM's BPF relocation names; anything else is "Unknown". */
    static String typeName(int type) {
        switch (type) {
            case Relocation.R_BPF_NONE:
                return "R_BPF_NONE";
            case Relocation.R_BPF_64_64:
                return "R_BPF_64_64";
            case Relocation.R_BPF_64_ABS64:
                return "R_BPF_64_ABS64";
            case Relocation.R_BPF_64_ABS32:
                return "R_BPF_64_ABS32";
            case Relocation.R_BPF_64_NODYLD32:
                return "R_BPF_64_NODYLD32";
            case Relocation.R_BPF_64_32:
                return "R_BPF_64_32";
            default:
                return "Unknown";
        }
    }

    /**
     * The value column: symbol name, or section name for a section symbol, {@code *ABS*} for
     * symbol 0, then {@code +0x..}/{@code -0x..} for a nonzero RELA addend.
     */
    static String value(ElfObject obj, Relocation r, boolean rela) {
        StringBuilder sb = new StringBuilder();
        List<ElfSymbol> symbols = obj.symbols();
        if (r.symbolIndex() == 0 || r.symbolIndex() >= symbols.size()) {
            sb.append("*ABS*");
        } else {
            ElfSymbol sym = symbols.get(r.symbolIndex());
            Section s = LlvmSymbols.section(obj, sym);
            if (sym.type() == ElfSymbol.STT_SECTION) {
                // A section symbol with no section comes out empty in llvm-objdump.
                sb.append(s == null ? "" : s.name());
            } else {
                sb.append(sym.name());
            }
        }
        long addend = rela ? r.addend() : 0;
        if (addend != 0) {
            sb.append(addend < 0 ? "-" : "+").append("0x")
                    .append(Long.toHexString(addend < 0 ? -addend : addend));
        }
        return sb.toString();
    }
}
