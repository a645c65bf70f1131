package dev.ebld.btf;

import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.Section;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        byte[] data = btfBytes(file);
        try {
            return BtfReader.read(data, base);
        } catch (BtfFormatException e) {
            throw e.inFile(file.toString());
        }
    }

    /** The bytes of an ELF object's {@code .BTF} section, or of a whole raw BTF file. */
    static byte[] btfBytes(Path file) throws IOException, BtfFormatException, ElfFormatException {
        byte[] data = readFile(file);
        if (!isElf(data)) {
            return data;
        }
        return btfSection(ElfReader.read(data, file.toString()));
    }

    /**
     * The whole file, read through java.io in 8 KB steps rather than Files.readAllBytes: sysfs
     * hands out /sys/kernel/btf/vmlinux 4 KB per read (1 350 reads), and java.io reads of up to
     * 8 KB go through a buffer on the native stack; a cold vmlinux dump took ~5 ms less wall and
     * ~10 ms less CPU (15 interleaved rounds). A file that cannot be opened goes to NIO, whose
     * exceptions say why (NoSuchFileException, AccessDeniedException).
     */
    private static byte[] readFile(Path file) throws IOException {
        File f = file.toFile();
        FileInputStream in;
        try {
            in = new FileInputStream(f);
        } catch (FileNotFoundException e) {
            return Files.readAllBytes(file);
        }
        try (in) {
            long size = f.length();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException(file + ": too large (" + size + " bytes)");
            }
            byte[] data = new byte[(int) size];
            int n = 0;
            int r;
            while (n < data.length && (r = in.read(data, n, Math.min(8192, data.length - n))) > 0) {
                n += r;
            }
            if (n < data.length) {
                return Arrays.copyOf(data, n);
            }
            byte[] rest = in.readAllBytes(); // a file that grew, or one that reports no size
            return rest.length == 0 ? data : concat(data, rest);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    public static Btf read(Path file) throws IOException, BtfFormatException, ElfFormatException {
        return read(file, null);
    }

    /** The object's {@code .BTF}; a BtfFormatException (naming the file) when it has none. */
    public static Btf fromElf(ElfObject elf, Btf base) throws BtfFormatException {
        byte[] data = btfSection(elf);
        try {
            return BtfReader.read(data, base);
        } catch (BtfFormatException e) {
            throw e.inFile(elf.file());
        }
    }

    private static byte[] btfSection(ElfObject elf) throws BtfFormatException {
        Optional<Section> s = elf.section(BTF_SECTION);
        if (s.isEmpty()) {
            throw new BtfFormatException(BTF_SECTION, 0, "object has no .BTF section").inFile(elf.file());
        }
        return s.get().data();
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
