package dev.ebld.btf.dump;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfWriter;
import dev.ebld.btf.internal.AsciiBuffer;
import dev.ebld.btf.internal.RefChecks;
import dev.ebld.btf.internal.ScannedSection;
import dev.ebld.btf.internal.SectionBytes;
import dev.ebld.btf.internal.SectionScan;

import dev.ebld.elf.ElfFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The raw dump: what {@code bpftool btf dump file FILE} (bpftool 7.1) prints. */
public final class RawDump {
    private RawDump() {
    }

    /** Exactly what {@code bpftool btf dump file FILE} (bpftool 7.1) prints for this BTF. */
    public static String text(Btf btf) {
        ScannedSection s = section(btf);
        // vmlinux prints about 2.2 bytes per byte of BTF; avoid regrowing the buffer
        long guess = (s.header().typeLen() + (long) s.header().strLen()) * 9 / 4 + 64;
        AsciiBuffer out = new AsciiBuffer((int) Math.min(Integer.MAX_VALUE - 64, guess));
        TypePrinter.dump(s, 0, s.count(), out);
        return out.text();
    }

    /**
     * The bytes {@code bpftool btf dump file FILE} prints, names exactly as the string section
     * holds them; what a command-line tool should write, with no charset in between.
     */
    public static void write(Btf btf, OutputStream out) throws IOException {
        print(section(btf), out);
    }

    /**
     * The bytes {@code bpftool btf dump file FILE} prints for a raw BTF file or an ELF object's
     * {@code .BTF}, split over {@code base} (or null). The file is checked as
     * {@link BtfFiles#read(Path, Btf)} checks it, with the same errors, but no model is built:
     * the types print straight from the bytes (for vmlinux about 40% less work than decoding
     * 130 000 records and their names first).
     */
    public static void write(Path file, Btf base, OutputStream out)
            throws IOException, BtfFormatException, ElfFormatException {
        byte[] data = SectionBytes.of(file);
        ScannedSection s;
        try {
            s = SectionScan.scan(data, base);
            RefChecks.check(s);
        } catch (BtfFormatException e) {
            throw e.inFile(file.toString());
        }
        print(s, out);
    }

    /** Prints every type to {@code out}, 64 KB at a time. */
    private static void print(ScannedSection s, OutputStream out) throws IOException {
        AsciiBuffer buf = new AsciiBuffer(1 << 16, out);
        try {
            TypePrinter.dump(s, 0, s.count(), buf);
            buf.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A model's own types encoded and indexed again, for the printer that reads encoded BTF. */
    private static ScannedSection section(Btf btf) {
        try {
            return SectionScan.scan(BtfWriter.write(btf), btf.base().orElse(null));
        } catch (BtfFormatException e) {
            throw new IllegalArgumentException("BTF does not encode to a valid section: " + e.getMessage(), e);
        }
    }
}
