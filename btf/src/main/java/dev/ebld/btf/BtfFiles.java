package dev.ebld.btf;

import dev.ebld.btf.internal.SectionBytes;
import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.Section;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where BTF comes from: the {@code .BTF} and {@code .BTF.ext} sections of an ELF object, or a
 * raw BTF file such as {@code /sys/kernel/btf/vmlinux} (optionally split on top of a base).
 */
public final class BtfFiles {
    public static final String BTF_SECTION = ".BTF";
    public static final String BTF_EXT_SECTION = ".BTF.ext";

    private BtfFiles() {
    }

    /** True when the bytes start with the ELF magic rather than BTF's. */
    public static boolean isElf(byte[] data) {
        return data.length >= 4 && data[0] == 0x7f && data[1] == 'E' && data[2] == 'L' && data[3] == 'F';
    }

    /** BTF of an ELF object's {@code .BTF} section or of a raw BTF file, split over {@code base}. */
    public static Btf read(Path file, Btf base) throws IOException, BtfFormatException, ElfFormatException {
        byte[] data = SectionBytes.of(file);
        try {
            return BtfReader.read(data, base);
        } catch (BtfFormatException e) {
            throw e.inFile(file.toString());
        }
    }

    public static Btf read(Path file) throws IOException, BtfFormatException, ElfFormatException {
        return read(file, null);
    }

    /** The object's {@code .BTF}; a BtfFormatException (naming the file) when it has none. */
    public static Btf fromElf(ElfObject elf, Btf base) throws BtfFormatException {
        byte[] data = SectionBytes.of(elf);
        try {
            return BtfReader.read(data, base);
        } catch (BtfFormatException e) {
            throw e.inFile(elf.file());
        }
    }

    /** The object's {@code .BTF.ext} read against its {@code btf}, if present. */
    public static Optional<BtfExt> extFromElf(ElfObject elf, Btf btf) throws BtfFormatException {
        Optional<Section> s = elf.section(BTF_EXT_SECTION);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BtfExtReader.read(s.get().data(), btf));
        } catch (BtfFormatException e) {
            throw e.inFile(elf.file());
        }
    }
}
