package dev.ebld.elf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads an ELF64 relocatable object for EM_BPF, in either byte order, into an {@link ElfObject}.
 *
 * <p>All validation happens here, once: after {@link #read} returns, every offset, index and
 * string offset in the model is known to be in range, so later stages (disassembler, BTF, linker)
 * need no bounds checks of their own. Every problem is an {@link ElfFormatException} naming the
 * file, the structure and the byte offset; no other exception escapes, whatever the input bytes.
 * Nothing is allocated before its size has been checked against the file length, so a hostile
 * count cannot ask for more memory than the file itself occupies.
 *
 * <p>The steps, in order: the ELF header; the section header table's position; each section
 * header; section names through {@code e_shstrndx}; each section's byte range and alignment;
 * that no two ranges overlap; {@code sh_link}/{@code sh_info}; then the symbol and relocation
 * tables entry by entry ({@link TableDecoder}).
 */
public final class ElfReader {
    /** Largest file {@link #read(Path)} accepts; BPF objects are kilobytes to a few megabytes. */
    public static final long MAX_FILE_SIZE = 256L << 20;

    static final String EHDR = "ELF header";

    private static final Predicate<String> NONE = name -> false;

    private final ElfInput in;
    private final Predicate<String> rawRelocationsFor;
    private final Predicate<String> unread;

    private ElfReader(ElfInput in, Predicate<String> rawRelocationsFor, Predicate<String> unread) {
        this.in = in;
        this.rawRelocationsFor = rawRelocationsFor;
        this.unread = unread;
    }

    /** Reads the file at {@code path}; messages name it as {@code path.toString()}. */
    public static ElfObject read(Path path) throws IOException, ElfFormatException {
        return readAdopting(readWhole(path), path.toString(), NONE);
    }

    private static byte[] readWhole(Path path) throws IOException, ElfFormatException {
        String name = path.toString();
        if (Files.isRegularFile(path) && Files.size(path) > MAX_FILE_SIZE) {
            throw tooLarge(name);
        }
        byte[] bytes;
        // Bounded read: Files.size() says nothing about pipes or devices, so never trust it alone.
        try (InputStream stream = Files.newInputStream(path)) {
            bytes = stream.readNBytes((int) MAX_FILE_SIZE + 1);
        }
        if (bytes.length > MAX_FILE_SIZE) {
            throw tooLarge(name);
        }
        return bytes;
    }

    /**
     * Reads from the file at {@code path} only what the model keeps. Sections whose names
     * satisfy {@code unread} (symbol and string tables excepted) are checked like any other,
     * header, range, overlap and links, but their bytes are never read: their content is
     * {@link SectionContent.Unread} and the model cannot be written back. Relocation tables
     * for targets named by {@code rawRelocationsFor} stay bytes, as in
     * {@link #read(byte[], String, Predicate)}. For a linker, which drops DWARF, most of a
     * {@code -g} object is never read. Anything but a regular file is read whole.
     */
    public static ElfObject readSelected(Path path, Predicate<String> rawRelocationsFor,
                                         Predicate<String> unread) throws IOException, ElfFormatException {
        return readSelected(path, rawRelocationsFor, unread, new long[1]);
    }

    /** {@link #readSelected(Path, Predicate, Predicate)}; {@code bytesRead[0]} says how much was read. */
    static ElfObject readSelected(Path path, Predicate<String> rawRelocationsFor, Predicate<String> unread,
                                  long[] bytesRead) throws IOException, ElfFormatException {
        if (!Files.isRegularFile(path)) {
            ElfInput in = ElfInput.whole(readWhole(path), path.toString());
            bytesRead[0] = in.bytesLoaded();
            return new ElfReader(in, rawRelocationsFor, unread).readObject();
        }
        String name = path.toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAX_FILE_SIZE) {
                throw tooLarge(name);
            }
            ElfInput in = ElfInput.onDemand(channel, size, name);
            try {
                return new ElfReader(in, rawRelocationsFor, unread).readObject();
            } finally {
                bytesRead[0] = in.bytesLoaded();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static ElfFormatException tooLarge(String name) {
        return new ElfFormatException(name, "file", MAX_FILE_SIZE, "file is larger than the "
                + MAX_FILE_SIZE + "-byte cap");
    }

    /**
     * Reads an object from memory; {@code fileName} is only used in messages and the model. The
     * model never sees {@code bytes} again: the reader works on its own copy.
     */
    public static ElfObject read(byte[] bytes, String fileName) throws ElfFormatException {
        return readAdopting(bytes.clone(), fileName, NONE);
    }

    /**
     * Like {@link #read(byte[], String)}, but a REL/RELA section whose target section's name
     * satisfies {@code rawRelocationsFor} is neither decoded nor checked entry by entry: its
     * content stays {@link SectionContent.Bytes} (still written back byte for byte). For callers
     * that drop those tables anyway, e.g. the linker with DWARF's relocations, which are most of
     * the relocations in an object compiled with {@code -g}. Section-level checks still apply.
     */
    public static ElfObject read(byte[] bytes, String fileName, Predicate<String> rawRelocationsFor)
            throws ElfFormatException {
        return readAdopting(bytes.clone(), fileName, rawRelocationsFor);
    }

    /**
     * Like {@link #read(byte[], String, Predicate)}, but the caller hands {@code bytes} over: the
     * model's section contents are views of that array, not copies, so the caller must never
     * change it again. For a buffer the caller has just filled and drops, such as a file read
     * whole: it saves copying every section (in a {@code -g} object, megabytes of DWARF) and
     * the fresh memory the copies would fault in.
     */
    public static ElfObject readAdopting(byte[] bytes, String fileName, Predicate<String> rawRelocationsFor)
            throws ElfFormatException {
        return new ElfReader(ElfInput.whole(bytes, fileName), rawRelocationsFor, NONE).readObject();
    }

    private ElfObject readObject() throws ElfFormatException {
        // A file read on demand loads each part as the story below reaches it, after the checks
        // that put it inside the file; for bytes in memory every load is free.
        in.load(0, Math.min(ElfHeader.EHDR_SIZE, in.length()));
        ElfHeader header = ElfHeaderReader.read(in);
        // Byte order is now fixed and the header's own fields are sane.
        long shoff = in.u64(ElfHeaderReader.E_SHOFF);
        int shnum = in.u16(ElfHeaderReader.E_SHNUM);
        int shstrndx = in.u16(ElfHeaderReader.E_SHSTRNDX);
        checkHeaderTable(shoff, shnum, shstrndx);
        // The section header table lies inside the file; each header can be read.
        in.load(shoff, (long) shnum * ElfHeader.SHDR_SIZE);
        List<RawSection> raw = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            raw.add(readSectionHeader(i, shoff + (long) i * ElfHeader.SHDR_SIZE));
        }
        SectionChecks checks = new SectionChecks(in, raw, shoff);
        checks.checkNullSection();
        raw = checks.resolveNames(shstrndx);
        // Every section has a name; messages can now say "section 7 (.relxdp)".
        checks.checkRanges();
        checks.checkOverlaps();
        checks.checkLinks();
        // Contents lie in the file without overlap; links point at sections of the right type.
        for (RawSection s : raw) {
            if (s.hasFileBytes() && !skipped(s)) {
                in.load(s.offset(), s.size());
            }
        }
        List<Section> sections = new TableDecoder(in, raw, rawRelocationsFor, this::skipped).decodeAll();
        return new ElfObject(in.file, header, sections, shstrndx, shoff);
    }

    /** Whether the caller asked not to read {@code s}; symbol and string tables are always read. */
    private boolean skipped(RawSection s) {
        return s.type() != SectionType.SHT_SYMTAB && s.type() != SectionType.SHT_STRTAB
                && unread.test(s.name());
    }

    /** Section header table: present, aligned, inside the file, no extended numbering. */
    private void checkHeaderTable(long shoff, int shnum, int shstrndx) throws ElfFormatException {
        if (shnum == 0) {
            String why = shoff == 0 ? "object has no section header table"
                    : "e_shnum is 0: extended section numbering is not supported for BPF objects";
            throw in.fail(EHDR, ElfHeaderReader.E_SHNUM, why);
        }
        if (shnum >= 0xff00) {
            throw in.fail(EHDR, ElfHeaderReader.E_SHNUM, "e_shnum " + shnum
                    + " is in the reserved range (extended section numbering is not supported)");
        }
        if (shstrndx == ElfSymbol.SHN_XINDEX) {
            throw in.fail(EHDR, ElfHeaderReader.E_SHSTRNDX,
                    "e_shstrndx is SHN_XINDEX: extended section numbering is not supported");
        }
        if (shstrndx == 0 || shstrndx >= shnum) {
            throw in.fail(EHDR, ElfHeaderReader.E_SHSTRNDX, "e_shstrndx " + shstrndx
                    + " is not a section index (e_shnum is " + shnum + ")");
        }
        long tableSize = (long) shnum * ElfHeader.SHDR_SIZE;
        if (shoff < ElfHeader.EHDR_SIZE || !in.contains(shoff, tableSize)) {
            throw in.fail(EHDR, ElfHeaderReader.E_SHOFF, "section header table [0x"
                    + Long.toHexString(shoff) + ", +0x" + Long.toHexString(tableSize)
                    + ") is outside the file (size 0x" + Long.toHexString(in.length()) + ")");
        }
        if (shoff % 8 != 0) {
            throw in.fail(EHDR, ElfHeaderReader.E_SHOFF, "section header table offset 0x"
                    + Long.toHexString(shoff) + " is not 8-byte aligned");
        }
    }

    private RawSection readSectionHeader(int index, long at) {
        return new RawSection(index, null,
                in.u32(at + RawSection.SH_NAME),
                in.u32(at + RawSection.SH_TYPE),
                in.u64(at + RawSection.SH_FLAGS),
                in.u64(at + RawSection.SH_ADDR),
                in.u64(at + RawSection.SH_OFFSET),
                in.u64(at + RawSection.SH_SIZE),
                in.u32(at + RawSection.SH_LINK),
                in.u32(at + RawSection.SH_INFO),
                in.u64(at + RawSection.SH_ADDRALIGN),
                in.u64(at + RawSection.SH_ENTSIZE),
                at);
    }

    static ByteOrder orderOf(int eiData) {
        return eiData == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }
}
