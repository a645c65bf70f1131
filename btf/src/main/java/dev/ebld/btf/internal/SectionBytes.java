package dev.ebld.btf.internal;

import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfSection;
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
 * The bytes of a BTF blob before anything is checked: an ELF object's {@code .BTF} section, or a
 * whole raw BTF file. Shared by {@link BtfFiles} and the raw dump, which prints without a model.
 */
public final class SectionBytes {
    private SectionBytes() {
    }

    /** The bytes of an ELF object's {@code .BTF} section, or of a whole raw BTF file. */
    public static byte[] of(Path file) throws IOException, BtfFormatException, ElfFormatException {
        byte[] data = readFile(file);
        if (!BtfFiles.isElf(data)) {
            return data;
        }
        // data was read for this call and is dropped after it: the model may keep views of it.
        return of(ElfReader.readAdopting(data, file.toString(), name -> false));
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

    /** The bytes of the object's {@code .BTF}; a BtfFormatException (naming the file) when it has none. */
    public static byte[] of(ElfObject elf) throws BtfFormatException {
        Optional<Section> s = elf.section(BtfFiles.BTF_SECTION);
        if (s.isEmpty()) {
            throw new BtfFormatException(BtfSection.BTF, "section", 0, "object has no .BTF section").inFile(elf.file());
        }
        return s.get().data();
    }
}
