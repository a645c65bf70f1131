package dev.ebld.btf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Text dumps of BTF: bpftool's raw format, and a C header. */
public final class BtfDumper {
    private BtfDumper() {
    }

    /** Exactly what {@code bpftool btf dump file FILE} (bpftool 7.1) prints for this BTF. */
    public static String raw(Btf btf) {
        return rawBuffer(btf).text();
    }

    /**
     * The bytes {@code bpftool btf dump file FILE} prints, names exactly as the string section
     * holds them; what a command-line tool should write, with no charset in between.
     */
    public static void raw(Btf btf, OutputStream out) throws IOException {
        AsciiBuffer buf = new AsciiBuffer(1 << 16, out);
        try {
            BtfRawDump.dump(btf, buf);
            buf.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static AsciiBuffer rawBuffer(Btf btf) {
        // vmlinux prints about 2.2 bytes per byte of BTF; avoid regrowing the buffer
        long guess = (btf.header().typeLen() + (long) btf.header().strLen()) * 9 / 4 + 64;
        AsciiBuffer out = new AsciiBuffer((int) Math.min(Integer.MAX_VALUE - 64, guess));
        BtfRawDump.dump(btf, out);
        return out;
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
