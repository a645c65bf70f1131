package dev.ebld.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An immutable relocatable BPF ELF object: its header and its sections in header-table order,
 * index 0 (the null section) included.
 *
 * @param file            a name for messages (path as given, or a label like {@code <built>})
 * @param header          file header fields
 * @param sections        all sections; {@code sections.get(i).index() == i}
 * @param shstrndx        {@code e_shstrndx}
 * @param sectionHeaderOffset {@code e_shoff}; recomputed by {@link #layOut()}
 */
public record ElfObject(String file, ElfHeader header, List<Section> sections, int shstrndx,
                        long sectionHeaderOffset) {

    public ElfObject {
        sections = List.copyOf(sections);
    }

    public Section section(int index) {
        return sections.get(index);
    }

    /** First section with this name. */
    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The one SHT_SYMTAB section, if any. */
    public Optional<Section> symbolTableSection() {
        return sections.stream().filter(s -> s.type() == SectionType.SHT_SYMTAB).findFirst();
    }

    /** Entries of the symbol table, or an empty list if the object has none. */
    public List<ElfSymbol> symbols() {
        return symbolTableSection()
                .map(s -> ((SectionContent.Symbols) s.content()).symbols())
                .orElse(List.of());
    }

    /** Symbol table entry {@code index}; the reader guarantees relocation indices are valid. */
    public ElfSymbol symbol(int index) {
        return symbols().get(index);
    }

    /** The first non-local (global or weak) symbol called {@code name}, defined or not. */
    public Optional<ElfSymbol> globalSymbol(String name) {
        for (ElfSymbol s : symbols()) {
            if (!s.isLocal() && s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The section a symbol is defined in; empty for undefined, absolute and common symbols. */
    public Optional<Section> sectionOf(ElfSymbol sym) {
        int shndx = sym.shndx();
        if (shndx == ElfSymbol.SHN_UNDEF || shndx >= sections.size()) {
            return Optional.empty();
        }
        return Optional.of(sections.get(shndx));
    }

    /** REL/RELA sections whose {@code sh_info} is {@code target}. */
    public List<Section> relocationSectionsFor(int target) {
        List<Section> out = new ArrayList<>();
        for (Section s : sections) {
            if (s.content() instanceof SectionContent.Relocations && s.info() == target
                    && (s.type() == SectionType.SHT_REL || s.type() == SectionType.SHT_RELA)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Relocations applying to section {@code target}, in file order. */
    public List<Relocation> relocationsFor(int target) {
        List<Relocation> out = new ArrayList<>();
        for (Section s : relocationSectionsFor(target)) {
            out.addAll(((SectionContent.Relocations) s.content()).relocations());
        }
        return out;
    }

    /**
     * A copy with fresh file offsets: contents placed after the ELF header in section order,
     * each at its alignment, then the section header table aligned to 8. Use it for objects
     * built or changed in code; objects read from disk keep their original layout.
     */
    public ElfObject layOut() {
        long pos = ElfHeader.EHDR_SIZE;
        List<Section> placed = new ArrayList<>(sections.size());
        for (Section s : sections) {
            if (s.type() == SectionType.SHT_NULL) {
                placed.add(s.withFileOffset(0));
                continue;
            }
            long align = Math.max(1, s.addralign());
            pos = (pos + align - 1) / align * align;
            placed.add(s.withFileOffset(pos));
            if (s.type() != SectionType.SHT_NOBITS) {
                pos += s.size();
            }
        }
        pos = (pos + 7) & ~7L;
        return new ElfObject(file, header, placed, shstrndx, pos);
    }
}
