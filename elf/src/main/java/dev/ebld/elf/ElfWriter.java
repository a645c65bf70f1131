package dev.ebld.elf;

import dev.ebld.elf.internal.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Encodes an {@link ElfObject} as ELF64 bytes. Each section goes at its recorded
 * {@code fileOffset}, the section header table at {@code sectionHeaderOffset}, and every byte in
 * between is zero; that is what makes reading then writing a clang object byte-identical. Objects
 * built or changed in code should go through {@link ElfObject#layOut()} first.
 *
 * <p>A model whose recorded offsets would make two parts of the file overlap is refused with an
 * {@link IllegalArgumentException}: writing it would silently overwrite one part with another.
 */
public final class ElfWriter {
    private static final long MAX_OUTPUT = Integer.MAX_VALUE - 16;

    private ElfWriter() {
    }

    /** The file bytes for {@code obj}. */
    public static byte[] write(ElfObject obj) {
        List<Section> sections = obj.sections();
        if (sections.isEmpty() || sections.size() >= 0xff00) {
            throw new IllegalArgumentException(obj.file() + ": cannot write " + sections.size()
                    + " sections (need 1 to 65279)");
        }
        checkLayout(obj);
        long shoff = obj.sectionHeaderOffset();
        long end = shoff + (long) sections.size() * ElfHeader.SHDR_SIZE;
        for (Section s : sections) {
            if (s.type() != SectionType.SHT_NOBITS) {
                end = Math.max(end, s.fileOffset() + s.size());
            }
        }
        byte[] out = new byte[(int) end];
        ByteBuffer buf = ByteBuffer.wrap(out).order(obj.header().byteOrder());
        ElfHeaderWriter.write(buf, obj);
        for (Section s : sections) {
            SectionEncoder.writeContent(out, obj.header().byteOrder(), s);
            SectionEncoder.writeHeader(buf, shoff + (long) s.index() * ElfHeader.SHDR_SIZE, s);
        }
        return out;
    }

    /**
     * Writes {@code obj} to {@code path} atomically: the bytes go to a temporary file in the same
     * directory, which is then renamed over {@code path}. Readers of {@code path} see the old file
     * or the new one, never a partial write; on failure the temporary file is removed.
     */
    public static void write(ElfObject obj, Path path) throws IOException {
        AtomicFiles.write(path, write(obj));
    }

    /** Every part of the output lies at a non-negative offset, within bounds, without overlap. */
    private static void checkLayout(ElfObject obj) {
        long shoff = obj.sectionHeaderOffset();
        long tableEnd = shoff + (long) obj.sections().size() * ElfHeader.SHDR_SIZE;
        if (shoff < 0 || tableEnd > MAX_OUTPUT) {
            throw new IllegalArgumentException(obj.file() + ": section header offset 0x"
                    + Long.toHexString(shoff) + " is out of range");
        }
        FileRanges ranges = new FileRanges();
        ranges.add(0, ElfHeader.EHDR_SIZE, "ELF header");
        ranges.add(shoff, tableEnd, "section header table");
        for (int i = 0; i < obj.sections().size(); i++) {
            Section s = obj.sections().get(i);
            if (s.index() != i) {
                throw new IllegalArgumentException(obj.file() + ": " + s.label()
                        + " is at position " + i + " of the section list");
            }
            if (s.type() == SectionType.SHT_NOBITS) {
                continue;
            }
            long size = s.size();
            if (s.fileOffset() < 0 || s.fileOffset() > MAX_OUTPUT - size) {
                throw new IllegalArgumentException(obj.file() + ": " + s.label()
                        + " has an out-of-range file offset 0x" + Long.toHexString(s.fileOffset()));
            }
            ranges.add(s.fileOffset(), s.fileOffset() + size, s.label());
        }
        Optional<FileRanges.Overlap> overlap = ranges.firstOverlap();
        if (overlap.isPresent()) {
            throw new IllegalArgumentException(obj.file() + ": " + overlap.get().describe()
                    + " (call layOut() after changing sections)");
        }
    }
}
