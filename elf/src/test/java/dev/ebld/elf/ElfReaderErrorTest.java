package dev.ebld.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's diagnostics, word for word. Each test damages one field of a small object built in
 * code (so the layout is fixed: section headers at 0x1e8, .relxdp at 0x80, .symtab at 0xa0 with 9
 * entries, .strtab at 0x178) and checks the full message.
 */
class ElfReaderErrorTest {
    private static final int SHOFF = 0x1e8;
    private static final byte[] SAMPLE = ElfWriter.write(ElfBuilderTest.sample(ByteOrder.LITTLE_ENDIAN));

    private static int shdr(int index, int field) {
        return SHOFF + index * ElfHeader.SHDR_SIZE + field;
    }

    private static String reject(Consumer<ByteBuffer> damage) {
        byte[] copy = SAMPLE.clone();
        damage.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        ElfFormatException e = catchThrowableOfType(ElfFormatException.class,
                () -> ElfReader.read(copy, "s.o"));
        assertThat(e).as("input should be rejected").isNotNull();
        return e.getMessage();
    }

    @Test
    void layoutIsWhatTheseTestsAssume() throws Exception {
        ElfObject o = ElfReader.read(SAMPLE, "s.o");
        assertThat(o.sectionHeaderOffset()).isEqualTo(SHOFF);
        assertThat(o.section(6).fileOffset()).isEqualTo(0x80);
        assertThat(o.section(7).fileOffset()).isEqualTo(0xa0);
        assertThat(o.section(8).fileOffset()).isEqualTo(0x178);
    }

    @Test
    void oversizedFileIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.o");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ElfReader.MAX_FILE_SIZE + 1); // sparse: no disk space used
        }
        ElfFormatException e = catchThrowableOfType(ElfFormatException.class,
                () -> ElfReader.read(big));
        assertThat(e.getMessage()).isEqualTo(big + ": file at offset 0x10000000: file is larger"
                + " than the 268435456-byte cap");
    }

    @Test
    void headerProblems() {
        assertThat(reject(b -> b.put(0, (byte) 0)))
                .isEqualTo("s.o: ELF header at offset 0x0: bad magic: not an ELF file");
        assertThat(reject(b -> b.put(4, (byte) 1))).isEqualTo("s.o: ELF header at offset 0x4:"
                + " EI_CLASS 1 is not ELFCLASS64 (2): BPF objects are 64-bit");
        assertThat(reject(b -> b.put(5, (byte) 3))).isEqualTo("s.o: ELF header at offset 0x5:"
                + " EI_DATA 3 is neither ELFDATA2LSB (1) nor ELFDATA2MSB (2)");
        assertThat(reject(b -> b.putShort(18, (short) 62)))
                .isEqualTo("s.o: ELF header at offset 0x12: e_machine 62 is not EM_BPF (247)");
        assertThat(reject(b -> b.putInt(20, 2)))
                .isEqualTo("s.o: ELF header at offset 0x14: e_version 2 is not EV_CURRENT (1)");
        assertThat(reject(b -> b.putShort(16, (short) 2))).isEqualTo("s.o: ELF header at offset"
                + " 0x10: e_type 2 is not ET_REL (1): only relocatable objects are supported");
        assertThat(reject(b -> b.putShort(58, (short) 40)))
                .isEqualTo("s.o: ELF header at offset 0x3a: e_shentsize 40 is not 64");
    }

    @Test
    void rejectionConvertsToADiagnostic() {
        ElfFormatException e = catchThrowableOfType(ElfFormatException.class,
                () -> ElfReader.read(Arrays.copyOf(SAMPLE, 10), "s.o"));
        assertThat(e.toDiagnostic().kind().id()).isEqualTo("elf-format");
        assertThat(e.toDiagnostic().format()).isEqualTo("s.o: error: ELF header at offset 0xa:"
                + " file is 10 bytes, shorter than the 64-byte ELF header");
    }

    @Test
    void truncatedFiles() {
        ElfFormatException e = catchThrowableOfType(ElfFormatException.class,
                () -> ElfReader.read(Arrays.copyOf(SAMPLE, 10), "s.o"));
        assertThat(e.getMessage()).isEqualTo("s.o: ELF header at offset 0xa:"
                + " file is 10 bytes, shorter than the 64-byte ELF header");
        e = catchThrowableOfType(ElfFormatException.class,
                () -> ElfReader.read(Arrays.copyOf(SAMPLE, 0x200), "s.o"));
        assertThat(e.getMessage()).isEqualTo("s.o: ELF header at offset 0x28: section header"
                + " table [0x1e8, +0x280) is outside the file (size 0x200)");
        assertThat(e.structure()).isEqualTo("ELF header");
        assertThat(e.offset()).isEqualTo(0x28);
    }

    @Test
    void sectionTableProblems() {
        assertThat(reject(b -> b.putShort(62, (short) 10))).isEqualTo("s.o: ELF header at offset"
                + " 0x3e: e_shstrndx 10 is not a section index (e_shnum is 10)");
        assertThat(reject(b -> b.putShort(60, (short) 0))).isEqualTo("s.o: ELF header at offset"
                + " 0x3c: e_shnum is 0: extended section numbering is not supported for BPF"
                + " objects");
        assertThat(reject(b -> b.putShort(62, (short) 0xffff))).isEqualTo("s.o: ELF header at"
                + " offset 0x3e: e_shstrndx is SHN_XINDEX: extended section numbering is not"
                + " supported");
        assertThat(reject(b -> b.putInt(shdr(3, 0), 0x1000))).isEqualTo("s.o: section 3 at offset"
                + " 0x2a8: sh_name 0x1000 is not a NUL-terminated string in the section name table"
                + " (section 9, size 0x40)");
        assertThat(reject(b -> b.putLong(shdr(8, 32), 0x10000))).isEqualTo("s.o: section 8"
                + " (.strtab) at offset 0x400: content [0x178, +0x10000) is outside the file"
                + " (size 0x468)");
        assertThat(reject(b -> b.putLong(shdr(4, 32), -1))).isEqualTo("s.o: section 4 (.bss) at"
                + " offset 0x308: NOBITS sh_size 0xffffffffffffffff exceeds the 4 GiB cap");
    }

    @Test
    void alignmentAndOverlap() {
        assertThat(reject(b -> b.putLong(shdr(7, 24), 0xa4))).isEqualTo("s.o: section 7"
                + " (.symtab) at offset 0x3c0: sh_offset 0xa4 is not aligned to sh_addralign 8");
        assertThat(reject(b -> b.putLong(shdr(7, 48), 3))).isEqualTo("s.o: section 7 (.symtab)"
                + " at offset 0x3d8: sh_addralign 0x3 is not a power of two");
        assertThat(reject(b -> b.putLong(shdr(3, 24), 0x58))).isEqualTo("s.o: section 3 (.data)"
                + " at offset 0x58: section 3 (.data) [0x58, 0x5c) overlaps section 2 (xdp)"
                + " [0x50, 0x70)");
        assertThat(reject(b -> b.putLong(shdr(5, 24), 0x20))).isEqualTo("s.o: section 5"
                + " (license) at offset 0x20: section 5 (license) [0x20, 0x24) overlaps ELF"
                + " header [0x0, 0x40)");
        assertThat(reject(b -> b.putLong(shdr(7, 56), 16))).isEqualTo("s.o: section 7 (.symtab)"
                + " at offset 0x3e0: sh_entsize 16 is not 24 for SYMTAB");
    }

    @Test
    void linkAndInfoProblems() {
        assertThat(reject(b -> b.putInt(shdr(6, 40), 8))).isEqualTo("s.o: section 6 (.relxdp) at"
                + " offset 0x390: sh_link 8 is not the SYMTAB section (7)");
        assertThat(reject(b -> b.putInt(shdr(6, 44), 99))).isEqualTo("s.o: section 6 (.relxdp) at"
                + " offset 0x394: sh_info 99 is not a section this table can apply to (e_shnum is"
                + " 10)");
        assertThat(reject(b -> b.putInt(shdr(7, 40), 2))).isEqualTo("s.o: section 7 (.symtab) at"
                + " offset 0x3d0: sh_link 2 is not a STRTAB section");
        assertThat(reject(b -> b.putInt(shdr(7, 44), 10))).isEqualTo("s.o: section 7 (.symtab) at"
                + " offset 0x3d4: sh_info 10 (first non-local symbol) exceeds the 9 entries");
    }

    @Test
    void symbolProblems() {
        int sub = 0xa0 + 4 * ElfSymbol.ENTRY_SIZE;
        assertThat(reject(b -> b.putInt(sub, 0x1000))).isEqualTo("s.o: section 7 (.symtab) entry"
                + " 4 at offset 0x100: st_name 0x1000 is not a NUL-terminated string in section 8"
                + " (.strtab) (size 0x2f)");
        assertThat(reject(b -> b.putShort(sub + 6, (short) 0xffff))).isEqualTo("s.o: section 7"
                + " (.symtab) entry 4 at offset 0x106: st_shndx is SHN_XINDEX: extended section"
                + " indices are not supported for BPF objects");
        assertThat(reject(b -> b.putShort(sub + 6, (short) 12))).isEqualTo("s.o: section 7"
                + " (.symtab) entry 4 at offset 0x106: st_shndx 0xc is not a section index"
                + " (e_shnum is 10)");
        assertThat(reject(b -> b.put(sub + 4, (byte) 0x02))).isEqualTo("s.o: section 7 (.symtab)"
                + " entry 4 at offset 0x104: binding LOCAL is on the wrong side of sh_info 4: local"
                + " symbols must come first, and only they");
    }

    @Test
    void symtabInfoZeroMeansUnrecordedAsInLibbpfLinkerOutput() throws Exception {
        byte[] copy = SAMPLE.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(shdr(7, 44), 0);
        assertThat(ElfReader.read(copy, "s.o").symbolTableSection().orElseThrow().info()).isZero();
    }

    @Test
    void relocationProblems() {
        assertThat(reject(b -> b.putInt(0x80 + 16 + 12, 99))).isEqualTo("s.o: section 6 (.relxdp)"
                + " entry 1 at offset 0x98: symbol index 99 is outside the symbol table (9"
                + " entries)");
        assertThat(reject(b -> b.putLong(0x80, 0x18))).isEqualTo("s.o: section 6 (.relxdp) entry"
                + " 0 at offset 0x80: r_offset 0x18 + 16 bytes is outside section 2 (xdp) (size"
                + " 0x20)");
    }
}
