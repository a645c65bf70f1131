package dev.ebld.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks on section headers that need no decoded content: the null section, names, byte ranges,
 * alignment, overlap and {@code sh_link}/{@code sh_info}. Each check assumes the ones before it
 * passed; {@link ElfReader} calls them in order.
 */
final class SectionChecks {
    /** NOBITS sizes above this are refused: no BPF map value or section comes close. */
    static final long MAX_NOBITS_SIZE = 0xffff_ffffL;

    private final ElfInput in;
    private List<RawSection> raw;
    private final long shoff;

    SectionChecks(ElfInput in, List<RawSection> raw, long shoff) {
        this.in = in;
        this.raw = raw;
        this.shoff = shoff;
    }

    /** Section 0 must be all zeros; non-zero size or link would mean extended numbering. */
    void checkNullSection() throws ElfFormatException {
        RawSection s = raw.get(0);
        boolean zero = s.nameOffset() == 0 && s.type() == 0 && s.flags() == 0 && s.addr() == 0
                && s.offset() == 0 && s.size() == 0 && s.link() == 0 && s.info() == 0
                && s.addralign() == 0 && s.entsize() == 0;
        if (!zero) {
            throw in.fail(s.label(), s.headerOffset(), "the null section header is not all zeros"
                    + " (extended section numbering is not supported for BPF objects)");
        }
    }

    /** Resolves every name through section {@code shstrndx}; returns the named headers. */
    List<RawSection> resolveNames(int shstrndx) throws ElfFormatException {
        RawSection strtab = raw.get(shstrndx);
        if (strtab.type() != SectionType.SHT_STRTAB) {
            throw in.fail(strtab.label(), strtab.headerOffset() + RawSection.SH_TYPE,
                    "e_shstrndx names a section of type " + SectionType.name(strtab.type())
                            + ", not STRTAB");
        }
        checkInFile(strtab);
        in.load(strtab.offset(), strtab.size());
        long start = strtab.offset();
        long end = start + strtab.size();
        List<RawSection> named = new ArrayList<>(raw.size());
        for (RawSection s : raw) {
            long nameOff = Integer.toUnsignedLong(s.nameOffset());
            String name = nameOff < strtab.size() ? in.cString(start + nameOff, end) : null;
            if (name == null) {
                throw in.fail(s.label(), s.headerOffset() + RawSection.SH_NAME, "sh_name 0x"
                        + Long.toHexString(nameOff) + " is not a NUL-terminated string in the section"
                        + " name table (section " + shstrndx + ", size 0x"
                        + Long.toHexString(strtab.size()) + ")");
            }
            named.add(s.withName(name));
        }
        raw = named;
        return named;
    }

    /** Alignment is a power of two; contents lie in the file at their alignment; entry sizes. */
    void checkRanges() throws ElfFormatException {
        for (RawSection s : raw.subList(1, raw.size())) {
            long align = s.addralign();
            if (align < 0 || (align & (align - 1)) != 0) {
                throw in.fail(s.label(), s.headerOffset() + RawSection.SH_ADDRALIGN,
                        "sh_addralign 0x" + Long.toHexString(align) + " is not a power of two");
            }
            if (!s.hasFileBytes()) {
                checkNoBitsSize(s);
                continue;
            }
            checkInFile(s);
            if (s.size() > 0 && align > 1 && s.offset() % align != 0) {
                throw in.fail(s.label(), s.headerOffset() + RawSection.SH_OFFSET, "sh_offset 0x"
                        + Long.toHexString(s.offset()) + " is not aligned to sh_addralign " + align);
            }
            checkTable(s);
        }
    }

    private void checkNoBitsSize(RawSection s) throws ElfFormatException {
        if (s.size() < 0 || s.size() > MAX_NOBITS_SIZE) {
            throw in.fail(s.label(), s.headerOffset() + RawSection.SH_SIZE, "NOBITS sh_size 0x"
                    + Long.toHexString(s.size()) + " exceeds the 4 GiB cap");
        }
    }

    private void checkInFile(RawSection s) throws ElfFormatException {
        if (!in.contains(s.offset(), s.size())) {
            throw in.fail(s.label(), s.headerOffset() + RawSection.SH_OFFSET, "content [0x"
                    + Long.toHexString(s.offset()) + ", +0x" + Long.toHexString(s.size())
                    + ") is outside the file (size 0x" + Long.toHexString(in.length()) + ")");
        }
    }

    /** Symbol and relocation tables: 8-aligned, the standard entry size, whole entries. */
    private void checkTable(RawSection s) throws ElfFormatException {
        long entsize = tableEntrySize(s.type());
        if (entsize == 0) {
            return;
        }
        if (s.offset() % 8 != 0) {
            throw in.fail(s.label(), s.headerOffset() + RawSection.SH_OFFSET, "sh_offset 0x"
                    + Long.toHexString(s.offset()) + " of a " + SectionType.name(s.type())
                    + " table is not 8-byte aligned");
        }
        if (s.entsize() != entsize) {
            throw in.fail(s.label(), s.headerOffset() + RawSection.SH_ENTSIZE, "sh_entsize "
                    + Long.toUnsignedString(s.entsize()) + " is not " + entsize + " for " + SectionType.name(s.type()));
        }
        if (s.size() % entsize != 0) {
            throw in.fail(s.label(), s.headerOffset() + RawSection.SH_SIZE, "sh_size 0x"
                    + Long.toHexString(s.size()) + " is not a multiple of the entry size "
                    + entsize);
        }
    }

    static long tableEntrySize(int type) {
        switch (type) {
            case SectionType.SHT_SYMTAB:
                return ElfSymbol.ENTRY_SIZE;
            case SectionType.SHT_REL:
                return Relocation.REL_SIZE;
            case SectionType.SHT_RELA:
                return Relocation.RELA_SIZE;
            default:
                return 0;
        }
    }

    /** No two of ELF header, section header table and section contents share a byte. */
    void checkOverlaps() throws ElfFormatException {
        FileRanges ranges = new FileRanges();
        ranges.add(0, ElfHeader.EHDR_SIZE, ElfReader.EHDR);
        ranges.add(shoff, shoff + (long) raw.size() * ElfHeader.SHDR_SIZE, "section header table");
        for (RawSection s : raw) {
            if (s.hasFileBytes()) {
                ranges.add(s.offset(), s.offset() + s.size(), s.label());
            }
        }
        Optional<FileRanges.Overlap> overlap = ranges.firstOverlap();
        if (overlap.isPresent()) {
            FileRanges.Range later = overlap.get().later();
            throw in.fail(later.label(), later.start(), overlap.get().describe());
        }
    }

    /**
     * One symbol table, linked to a string table, with {@code sh_info} within its entries; each
     * REL/RELA linked to that symbol table and applying to another real section.
     */
    void checkLinks() throws ElfFormatException {
        int symtab = 0;
        for (RawSection s : raw) {
            if (s.type() == SectionType.SHT_SYMTAB) {
                if (symtab != 0) {
                    throw in.fail(s.label(), s.headerOffset() + RawSection.SH_TYPE,
                            "a second SYMTAB; " + raw.get(symtab).label() + " is already one");
                }
                symtab = s.index();
                checkSymtabLinks(s);
            }
        }
        for (RawSection s : raw) {
            if (s.type() == SectionType.SHT_REL || s.type() == SectionType.SHT_RELA) {
                checkRelLinks(s, symtab);
            }
        }
    }

    private void checkSymtabLinks(RawSection s) throws ElfFormatException {
        RawSection strtab = linked(s);
        if (strtab == null || strtab.type() != SectionType.SHT_STRTAB) {
            throw in.fail(s.label(), s.headerOffset() + RawSection.SH_LINK, "sh_link "
                    + Integer.toUnsignedString(s.link()) + " is not a STRTAB section");
        }
        long count = s.size() / ElfSymbol.ENTRY_SIZE;
        if (Integer.toUnsignedLong(s.info()) > count) {
            throw in.fail(s.label(), s.headerOffset() + RawSection.SH_INFO, "sh_info "
                    + Integer.toUnsignedString(s.info()) + " (first non-local symbol) exceeds the "
                    + count + " entries");
        }
    }

    private void checkRelLinks(RawSection s, int symtab) throws ElfFormatException {
        if (symtab == 0 || s.link() != symtab) {
            throw in.fail(s.label(), s.headerOffset() + RawSection.SH_LINK, "sh_link "
                    + Integer.toUnsignedString(s.link()) + " is not the SYMTAB section"
                    + (symtab == 0 ? " (the object has none)" : " (" + symtab + ")"));
        }
        long target = Integer.toUnsignedLong(s.info());
        if (target == 0 || target >= raw.size() || target == s.index()) {
            throw in.fail(s.label(), s.headerOffset() + RawSection.SH_INFO, "sh_info " + target
                    + " is not a section this table can apply to (e_shnum is " + raw.size() + ")");
        }
    }

    private RawSection linked(RawSection s) {
        long link = Integer.toUnsignedLong(s.link());
        return link > 0 && link < raw.size() ? raw.get((int) link) : null;
    }
}
