package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;

import java.util.List;
import java.util.Optional;

/**
 * One object taking part in the link: a file from the command line or a member pulled from an
 * archive.
 *
 * @param order  position in link order; decides among weak definitions
 * @param name   name for messages: {@code a.o}, or {@code lib.a(m.o)} for an archive member
 * @param elf    the parsed object
 * @param roles  what happens to each section, indexed like {@code elf.sections()}
 * @param btf    the parsed {@code .BTF}, if the object has one
 * @param btfExt   the parsed {@code .BTF.ext}, if the object has one
 * @param symbols  the symbol table entries, looked up once ({@code elf.symbols()} searches)
 * @param btfIndex lookups into {@code btf}, built once
 */
public record InputFile(int order, String name, ElfObject elf, List<SectionRole> roles,
                        Optional<Btf> btf, Optional<BtfExt> btfExt, List<ElfSymbol> symbols,
                        BtfIndex btfIndex) {

    public InputFile {
        roles = List.copyOf(roles);
        symbols = List.copyOf(symbols);
    }

    public SectionRole role(int sectionIndex) {
        return sectionIndex < roles.size() ? roles.get(sectionIndex) : SectionRole.DROPPED;
    }

    public Section section(int index) {
        return elf.section(index);
    }

    /** True if the symbol sits in a section that is copied to the output. */
    public boolean definedInContent(ElfSymbol s) {
        return !s.isUndefined() && s.shndx() < ElfSymbol.SHN_ABS && role(s.shndx()).isContent();
    }
}
