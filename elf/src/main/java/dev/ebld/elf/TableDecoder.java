package dev.ebld.elf;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns checked section headers into {@link Section}s: SYMTAB into {@link ElfSymbol}s, REL/RELA
 * into {@link Relocation}s, NOBITS into a size, everything else (unknown types included) into its
 * bytes. Entry-level checks live here: symbol names, section indices and local/global order;
 * relocation symbol indices and offsets. Section-level checks ({@link SectionChecks}) have passed,
 * so every table lies in the file and its links point at sections of the right type.
 */
final class TableDecoder {
    private static final int ST_NAME = 0;
    private static final int ST_INFO = 4;
    private static final int ST_OTHER = 5;
    private static final int ST_SHNDX = 6;
    private static final int ST_VALUE = 8;
    private static final int ST_SIZE = 16;
    private static final int R_OFFSET = 0;
    private static final int R_INFO = 8;
    private static final int R_ADDEND = 16;
    /** Start of the reserved section index range; ABS and COMMON are the only ones BPF uses. */
    private static final int SHN_LORESERVE = 0xff00;

    private final ElfInput in;
    private final List<RawSection> raw;
    /** Relocation tables for targets with these names stay undecoded bytes. */
    private final Predicate<String> rawRelocationsFor;
    /** Sections whose content was not read: they keep only their size. */
    private final Predicate<RawSection> unread;
    private long symbolCount;

    TableDecoder(ElfInput in, List<RawSection> raw, Predicate<String> rawRelocationsFor,
                 Predicate<RawSection> unread) {
        this.in = in;
        this.raw = raw;
        this.rawRelocationsFor = rawRelocationsFor;
        this.unread = unread;
    }

    List<Section> decodeAll() throws ElfFormatException {
        Section[] out = new Section[raw.size()];
        // Symbols first: relocation checks need the symbol count.
        for (RawSection s : raw) {
            if (s.type() == SectionType.SHT_SYMTAB) {
                out[s.index()] = toSection(s, decodeSymbols(s));
            }
        }
        for (RawSection s : raw) {
            if (out[s.index()] == null) {
                out[s.index()] = toSection(s, decodeContent(s));
            }
        }
        return Arrays.asList(out);
    }

    private SectionContent decodeContent(RawSection s) throws ElfFormatException {
        if (s.index() == 0) {
            return new SectionContent.Bytes(ByteView.EMPTY);
        }
        if (s.hasFileBytes() && unread.test(s)) {
            return new SectionContent.Unread(s.size());
        }
        switch (s.type()) {
            case SectionType.SHT_NOBITS:
                return new SectionContent.NoBits(s.size());
            case SectionType.SHT_REL:
            case SectionType.SHT_RELA:
                // checkLinks() has passed, so sh_info names a section.
                if (rawRelocationsFor.test(raw.get(s.info()).name())) {
                    return bytesOf(s);
                }
                return decodeRelocations(s);
            default:
                return bytesOf(s);
        }
    }

    private SectionContent.Bytes bytesOf(RawSection s) {
        // The reader owns the file image and never changes it, so sections share it.
        return new SectionContent.Bytes(in.view(s.offset(), s.size()));
    }

    private static Section toSection(RawSection s, SectionContent content) {
        return new Section(s.index(), s.name(), s.nameOffset(), s.type(), s.flags(), s.addr(),
                s.offset(), s.link(), s.info(), s.addralign(), s.entsize(), content);
    }

    private SectionContent.Symbols decodeSymbols(RawSection s) throws ElfFormatException {
        RawSection strtab = raw.get(s.link());
        int count = (int) (s.size() / ElfSymbol.ENTRY_SIZE);
        symbolCount = count;
        ElfSymbol[] symbols = new ElfSymbol[count];
        long at = s.offset();
        for (int i = 0; i < count; i++, at += ElfSymbol.ENTRY_SIZE) {
            symbols[i] = decodeSymbol(s, i, at, strtab);
        }
        return new SectionContent.Symbols(Arrays.asList(symbols));
    }

    /**
     * Decodes and checks entry {@code i}. One entry per call, here and in
     * {@link #decodeRelocation}: a loop of a few hundred entries per file never gets its method
     * compiled (C1 wants 60,000 back-edges for that), but a method called once per entry is
     * compiled after a few hundred calls. In a cold link that is most of the decoding.
     */
    private ElfSymbol decodeSymbol(RawSection s, int i, long at, RawSection strtab) throws ElfFormatException {
        int nameOffset = in.u32(at + ST_NAME);
        ElfSymbol sym = new ElfSymbol(symbolName(s, i, at, nameOffset, strtab), nameOffset,
                in.u8(at + ST_INFO), in.u8(at + ST_OTHER), in.u16(at + ST_SHNDX),
                in.u64(at + ST_VALUE), in.u64(at + ST_SIZE));
        checkSymbol(s, i, at, sym);
        return sym;
    }

    private String symbolName(RawSection s, int i, long at, int nameOffset, RawSection strtab)
            throws ElfFormatException {
        long nameOff = Integer.toUnsignedLong(nameOffset);
        long start = strtab.offset();
        if (nameOff == 0 && strtab.size() > 0 && in.u8(start) == 0) {
            return ""; // section symbols and the null symbol: no String to decode
        }
        String name = nameOff < strtab.size()
                ? in.cString(start + nameOff, start + strtab.size()) : null;
        if (name == null) {
            throw in.fail(s.entryLabel(i), at + ST_NAME, "st_name 0x" + Long.toHexString(nameOff)
                    + " is not a NUL-terminated string in " + strtab.label() + " (size 0x"
                    + Long.toHexString(strtab.size()) + ")");
        }
        return name;
    }

    private void checkSymbol(RawSection s, int i, long at, ElfSymbol sym)
            throws ElfFormatException {
        int shndx = sym.shndx();
        if (shndx == ElfSymbol.SHN_XINDEX) {
            throw in.fail(s.entryLabel(i), at + ST_SHNDX, "st_shndx is SHN_XINDEX: extended"
                    + " section indices are not supported for BPF objects");
        }
        boolean special = shndx == ElfSymbol.SHN_ABS || shndx == ElfSymbol.SHN_COMMON;
        if (!special && shndx >= raw.size()) {
            throw in.fail(s.entryLabel(i), at + ST_SHNDX, "st_shndx 0x" + Integer.toHexString(shndx)
                    + (shndx >= SHN_LORESERVE ? " is a reserved index BPF objects do not use"
                    : " is not a section index (e_shnum is " + raw.size() + ")"));
        }
        // ELF puts locals first and sh_info at the first non-local. libbpf's static linker
        // (bpftool gen object) leaves sh_info 0; read that as "not recorded", as libbpf does.
        long firstGlobal = Integer.toUnsignedLong(s.info());
        if (firstGlobal != 0 && (i < firstGlobal) != sym.isLocal()) {
            throw in.fail(s.entryLabel(i), at + ST_INFO, "binding "
                    + ElfSymbol.bindName(sym.bind()) + " is on the wrong side of sh_info "
                    + firstGlobal + ": local symbols must come first, and only they");
        }
    }

    private SectionContent.Relocations decodeRelocations(RawSection s) throws ElfFormatException {
        boolean rela = s.type() == SectionType.SHT_RELA;
        int entsize = rela ? Relocation.RELA_SIZE : Relocation.REL_SIZE;
        RawSection target = raw.get(s.info());
        int count = (int) (s.size() / entsize);
        Relocation[] relocations = new Relocation[count];
        long at = s.offset();
        for (int i = 0; i < count; i++, at += entsize) {
            relocations[i] = decodeRelocation(s, i, at, rela, target);
        }
        return new SectionContent.Relocations(Arrays.asList(relocations), rela);
    }

    private Relocation decodeRelocation(RawSection s, int i, long at, boolean rela, RawSection target)
            throws ElfFormatException {
        long info = in.u64(at + R_INFO);
        Relocation r = new Relocation(in.u64(at + R_OFFSET), (int) (info >>> 32), (int) info,
                rela ? in.u64(at + R_ADDEND) : 0);
        checkRelocation(s, i, at, r, target);
        return r;
    }

    private void checkRelocation(RawSection s, int i, long at, Relocation r, RawSection target)
            throws ElfFormatException {
        long sym = Integer.toUnsignedLong(r.symbolIndex());
        if (sym >= symbolCount) {
            throw in.fail(s.entryLabel(i), at + R_INFO, "symbol index " + sym
                    + " is outside the symbol table (" + symbolCount + " entries)");
        }
        long width = patchWidth(r.type(), (target.flags() & SectionType.SHF_EXECINSTR) != 0);
        if (r.offset() < 0 || r.offset() > target.size() - width) {
            throw in.fail(s.entryLabel(i), at + R_OFFSET, "r_offset 0x"
                    + Long.toHexString(r.offset()) + " + " + width + " bytes is outside "
                    + target.label() + " (size 0x" + Long.toHexString(target.size()) + ")");
        }
    }

    /**
     * Bytes a relocation of this type patches from {@code r_offset}, so that the linker may patch
     * without checking again. R_BPF_64_64 in code covers a whole ld_imm64 (two slots); elsewhere
     * it is treated as a plain 64-bit field. Unknown types must at least start inside the target.
     */
    static long patchWidth(int type, boolean inCode) {
        switch (type) {
            case Relocation.R_BPF_NONE:
                return 0;
            case Relocation.R_BPF_64_64:
                return inCode ? 16 : 8;
            case Relocation.R_BPF_64_ABS64:
            case Relocation.R_BPF_64_32:
                return 8;
            case Relocation.R_BPF_64_ABS32:
            case Relocation.R_BPF_64_NODYLD32:
                return 4;
            default:
                return 1;
        }
    }
}
