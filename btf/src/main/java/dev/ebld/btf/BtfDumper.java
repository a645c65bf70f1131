package dev.ebld.btf;

import dev.ebld.elf.ElfFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Text dumps of BTF: bpftool's raw format, and a C header. */
public final class BtfDumper {
    private BtfDumper() {
    }

    /** Exactly what {@code bpftool btf dump file FILE} (bpftool 7.1) prints for this BTF. */
    public static String raw(Btf btf) {
        BtfSection s = section(btf);
        // vmlinux prints about 2.2 bytes per byte of BTF; avoid regrowing the buffer
        long guess = (s.header().typeLen() + (long) s.header().strLen()) * 9 / 4 + 64;
        AsciiBuffer out = new AsciiBuffer((int) Math.min(Integer.MAX_VALUE - 64, guess));
        BtfRawDump.dump(s, 0, s.count(), out);
        return out.text();
    }

    /**
     * The bytes {@code bpftool btf dump file FILE} prints, names exactly as the string section
     * holds them; what a command-line tool should write, with no charset in between.
     */
    public static void raw(Btf btf, OutputStream out) throws IOException {
        write(section(btf), out);
    }

    /**
     * The bytes {@code bpftool btf dump file FILE} prints for a raw BTF file or an ELF object's
     * {@code .BTF}, split over {@code base} (or null). The file is checked as
     * {@link BtfFiles#read(Path, Btf)} checks it, with the same errors, but no model is built:
     * the types print straight from the bytes (for vmlinux about 40% less work than decoding
     * 130 000 records and their names first).
     */
    public static void raw(Path file, Btf base, OutputStream out)
            throws IOException, BtfFormatException, ElfFormatException {
        byte[] data = BtfFiles.btfBytes(file);
        BtfSection s;
        try {
            s = BtfReader.scan(data, base);
            BtfChecks.check(s);
        } catch (BtfFormatException e) {
            throw e.inFile(file.toString());
        }
        write(s, out);
    }

    /** Prints every type to {@code out}, 64 KB at a time. */
    private static void write(BtfSection s, OutputStream out) throws IOException {
        AsciiBuffer buf = new AsciiBuffer(1 << 16, out);
        try {
            BtfRawDump.dump(s, 0, s.count(), buf);
            buf.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A model's own types encoded and indexed again, for the printer that reads encoded BTF. */
    private static BtfSection section(Btf btf) {
        try {
            return BtfReader.scan(BtfWriter.write(btf), btf.base().orElse(null));
        } catch (BtfFormatException e) {
            throw new IllegalArgumentException("BTF does not encode to a valid section: " + e.getMessage(), e);
        }
    }

    /**
     * A C header declaring every type, in an order clang accepts: forward declarations, enums,
     * then typedefs and structs each after what it needs (like {@code bpftool ... format c}, not
     * byte-identical to it).
     */
    public static String c(Btf btf) {
        StringBuilder sb = new StringBuilder(btf.types().size() * 48);
        CDump.dump(btf, sb);
        return sb.toString();
    }
}
