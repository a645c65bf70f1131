package dev.ebld.linker.internal;

import dev.ebld.elf.ElfSymbol;

import java.util.Map;

/**
 * Name spaces of global symbols. An extern carries no section in ELF (it is SHN_UNDEF), but
 * clang records in BTF which DATASEC its VAR or FUNC belongs to: {@code .kconfig} for
 * {@code __kconfig}, {@code .ksyms} for {@code __ksym}, {@code .maps} for an extern map. Those
 * spaces are separate: a {@code .kconfig} extern is never satisfied by a variable of the same
 * name, and an extern map only by a map. Definitions take the space of their section
 * ({@code .maps} or ordinary).
 */
public final class NameSpaces {
    public static final String ORDINARY = "";
    public static final String MAPS = ".maps";
    public static final String KCONFIG = ".kconfig";
    public static final String KSYMS = ".ksyms";

    private final Map<String, String> externSpace;

    private NameSpaces(Map<String, String> externSpace) {
        this.externSpace = externSpace;
    }

    /** The spaces of one file, from its {@link BtfIndex}. */
    public static NameSpaces of(InputFile f) {
        return new NameSpaces(f.btfIndex().spaces());
    }

    /** The space of a declaration: from BTF for an extern, from its section otherwise. */
    public String spaceOf(InputFile f, ElfSymbol s) {
        if (s.isUndefined()) {
            return externSpace.getOrDefault(s.name(), ORDINARY);
        }
        if (s.shndx() > 0 && s.shndx() < f.elf().sections().size()) {
            return spaceOfSection(f.section(s.shndx()).name());
        }
        return ORDINARY;
    }

    static String spaceOfSection(String name) {
        switch (name) {
            case MAPS:
            case KCONFIG:
            case KSYMS:
                return name;
            default:
                return ORDINARY;
        }
    }
}
