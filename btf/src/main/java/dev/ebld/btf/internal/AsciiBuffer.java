package dev.ebld.btf.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte buffer for text dumps. BTF dumps are ASCII apart from names, which are copied as the
 * string section stores them, so building bytes directly skips the String and charset work a
 * StringBuilder plus Writer would do for megabytes of vmlinux output. Without a sink it grows to
 * hold the whole text; with one it passes full buffers on, so a 12 MB dump needs 64 KB.
 */
public final class AsciiBuffer {
    private final OutputStream sink;
    private byte[] buf;
    private int len;

    public AsciiBuffer(int capacity) {
        this(capacity, null);
    }

    /** A buffer that writes to {@code sink} when full; errors surface as UncheckedIOException. */
    public AsciiBuffer(int capacity, OutputStream sink) {
        this.sink = sink;
        buf = new byte[Math.max(64, capacity)];
    }

    /** The bytes of an ASCII literal, for constants appended often. */
    public static byte[] lit(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            grow(extra);
        }
    }

    private void grow(int extra) {
        if (sink != null) {
            flush();
            if (extra <= buf.length) {
                return;
            }
        }
        long want = Math.max((long) buf.length * 2, (long) len + extra);
        buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, want));
    }

    public AsciiBuffer append(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** An ASCII string, for the rarer fields (hot literals use {@link #lit} constants). */
    public AsciiBuffer append(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    public AsciiBuffer append(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /**
     * The NUL-terminated string starting at {@code off} in {@code strs}, without the NUL. Most
     * names are short: one loop copies while it looks for the NUL, rather than a scan and then an
     * arraycopy call (C1, which runs a cold dump, makes the call cost more than the copy).
     */
    public AsciiBuffer appendCString(byte[] strs, int off) {
        byte[] b = buf;
        int limit = (int) Math.min(strs.length, (long) off + b.length - len);
        int p = len;
        int i = off;
        while (i < limit) {
            byte c = strs[i];
            if (c == 0) {
                break;
            }
            b[p++] = c;
            i++;
        }
        if (i < limit || limit == strs.length) {
            len = p;
            return this;
        }
        return appendLongCString(strs, off); // longer than the room left: start over
    }

    private AsciiBuffer appendLongCString(byte[] strs, int off) {
        int end = off;
        while (end < strs.length && strs[end] != 0) {
            end++;
        }
        ensure(end - off);
        System.arraycopy(strs, off, buf, len, end - off);
        len += end - off;
        return this;
    }

    /** Decimal, like C's %u for an int holding a u32. */
    public AsciiBuffer appendU32(int v) {
        return v >= 0 ? appendNonNegative(v) : append(v & 0xffffffffL);
    }

    /** Signed decimal. */
    public AsciiBuffer append(long v) {
        if (v >= 0 && v <= Integer.MAX_VALUE) {
            return appendNonNegative((int) v);
        }
        if (v < 0 && v >= -Integer.MAX_VALUE) {
            ensure(1);
            buf[len++] = '-';
            return appendNonNegative((int) -v);
        }
        return append(Long.toString(v));
    }

    /**
     * Most numbers in a dump are ids and offsets that fit an int: count the digits with compares,
     * then write two digits per division from a pair table (int division is cheaper than long).
     */
    private AsciiBuffer appendNonNegative(int v) {
        if (v < 100) { // half the numbers of a vmlinux dump: no digit count, no loop
            ensure(2);
            byte[] b = buf;
            int p = len;
            if (v < 10) {
                b[p] = (byte) ('0' + v);
                len = p + 1;
            } else {
                b[p] = PAIRS[v * 2];
                b[p + 1] = PAIRS[v * 2 + 1];
                len = p + 2;
            }
            return this;
        }
        int digits = digits(v);
        ensure(digits);
        int p = len + digits;
        while (v >= 100) {
            // v / 100 as a multiply and shift (exact for every u32): C1 does not do this for us
            int q = (int) ((v * 1374389535L) >>> 37);
            int r = (v - q * 100) * 2;
            buf[--p] = PAIRS[r + 1];
            buf[--p] = PAIRS[r];
            v = q;
        }
        if (v >= 10) {
            buf[--p] = PAIRS[v * 2 + 1];
            buf[--p] = PAIRS[v * 2];
        } else {
            buf[--p] = (byte) ('0' + v);
        }
        len += digits;
        return this;
    }

    /** Compares rather than a loop: fewer bytecodes for the interpreter, which runs it first. */
    private static int digits(int v) {
        if (v < 100_000) {
            return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10_000 ? 4 : 5;
        }
        return v < 1_000_000 ? 6 : v < 10_000_000 ? 7 : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
    }

    /** "00", "01" .. "99" as 200 bytes. */
    private static final byte[] PAIRS = pairs();

    private static byte[] pairs() {
        byte[] p = new byte[200];
        for (int i = 0; i < 100; i++) {
            p[2 * i] = (byte) ('0' + i / 10);
            p[2 * i + 1] = (byte) ('0' + i % 10);
        }
        return p;
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The text, decoding names as UTF-8 (the rest is ASCII). */
    public String text() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    /** Passes what is buffered to the sink. */
    public void flush() {
        try {
            sink.write(buf, 0, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        len = 0;
    }
}
