package dev.ebld.linker.internal;

import dev.ebld.diag.Location;
import dev.ebld.elf.ElfSymbol;

/** Builds lld-style locations: {@code a.o:(xdp+0x28)}. */
public final class Places {
    private Places() {
    }

    /** Where a symbol is defined, or just the file for an extern or absolute symbol. */
    public static Location of(InputFile f, ElfSymbol s) {
        if (s.isUndefined() || s.shndx() >= ElfSymbol.SHN_ABS || s.shndx() >= f.elf().sections().size()) {
            return Location.file(f.name()).withSymbol(s.name());
        }
        return Location.at(f.name(), f.section(s.shndx()).name(), s.value()).withSymbol(s.name());
    }

    static Location at(InputFile f, int section, long offset) {
        return Location.at(f.name(), f.section(section).name(), offset);
    }
}
