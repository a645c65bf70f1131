package dev.ebld.linker.internal;

import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;

import java.util.List;
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
    private final Map<String, NameSpace> externSpace;
    /** Per section index, the space of symbols defined there: one lookup per section, not symbol. */
    private final NameSpace[] sectionSpace;

    private NameSpaces(Map<String, NameSpace> externSpace, NameSpace[] sectionSpace) {
        this.externSpace = externSpace;
        this.sectionSpace = sectionSpace;
    }

    /** The spaces of one file, from its {@link BtfIndex} and its section names. */
    public static NameSpaces of(InputFile f) {
        List<Section> sections = f.elf().sections();
        NameSpace[] bySection = new NameSpace[sections.size()];
        for (int i = 0; i < bySection.length; i++) {
            bySection[i] = NameSpace.ofSection(sections.get(i).name());
        }
        return new NameSpaces(f.btfIndex().spaces(), bySection);
    }

    /** The space of a declaration of this file: from BTF for an extern, from its section otherwise. */
    public NameSpace spaceOf(ElfSymbol s) {
        if (s.isUndefined()) {
            return externSpace.getOrDefault(s.name(), NameSpace.ORDINARY);
        }
        if (s.shndx() > 0 && s.shndx() < sectionSpace.length) {
            return sectionSpace[s.shndx()];
        }
        return NameSpace.ORDINARY;
    }
}
