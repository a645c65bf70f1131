package dev.ebld.btf.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfHeader;
import dev.ebld.btf.BtfKind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A BTF blob as read, after {@link SectionScan#scan} checked every type record: the type section
 * as words, the string section, and where each type starts. The model ({@link BtfDecode}) is built from it, and the raw
 * dump ({@link TypePrinter}) prints straight from it, with no object or String per type.
 */
public final class ScannedSection {
    /** The type section as 32-bit words (every field of a type record is one). */
    private final int[] words;
    /** Where the type section starts in the blob: the byte offset of {@code words[0]}. */
    private final int typeStart;
    private final ByteOrder order;
    private final BtfHeader header;
    private final Btf base;
    private final int firstId;
    /**
     * Where each own type starts (byte offset in the blob), then where the last one ends; the
     * array may be longer than that.
     */
    private final int[] offsets;
    private final int count;
    /** The blob as read; the string section is {@code header.strLen()} bytes at {@link #stringsAt()}. */
    private final byte[] blob;
    private final int baseStrLen;
    private final RefChecks.Refs refs;

    ScannedSection(int[] words, ByteOrder order, BtfHeader header, Btf base, int[] offsets, int count,
            byte[] blob, RefChecks.Refs refs) {
        this.words = words;
        this.typeStart = header.hdrLen() + header.typeOff();
        this.order = order;
        this.header = header;
        this.base = base;
        this.firstId = base == null ? 1 : base.typeCount();
        this.offsets = offsets;
        this.count = count;
        this.blob = blob;
        this.baseStrLen = base == null ? 0 : base.stringsEnd();
        this.refs = refs;
    }

    public ByteOrder order() {
        return order;
    }

    public BtfHeader header() {
        return header;
    }

    /** The base of split BTF, or null. */
    public Btf base() {
        return base;
    }

    public int firstId() {
        return firstId;
    }

    /** Number of own types. */
    public int count() {
        return count;
    }

    /** Where own type {@code i} (0-based) starts: its name offset; info, size/type and data follow. */
    public int offset(int i) {
        return offsets[i];
    }

    /** A copy of this blob's own string section. */
    public byte[] strings() {
        int at = stringsAt();
        return Arrays.copyOfRange(blob, at, at + header.strLen());
    }

    /**
     * The blob as read, shared, not copied: its own string section starts at
     * {@link #stringsAt()}, and is NUL-terminated (the scan checked), so a printer can copy names
     * straight from it (for vmlinux, 2.3 MB less to copy and page in).
     */
    public byte[] blob() {
        return blob;
    }

    /** Where the own string section starts in {@link #blob()}. */
    public int stringsAt() {
        return header.hdrLen() + header.strOff();
    }

    /** Length of the base's string sections: own string offsets start there. */
    public int baseStrLen() {
        return baseStrLen;
    }

    /** What the scan noted about the references, for {@link RefChecks#check}. */
    RefChecks.Refs refs() {
        return refs;
    }

    /** The kind of own type {@code i}; the scan made sure it is one. */
    public BtfKind kind(int i) {
        return BtfKind.ofCode((i32(offsets[i] + 4) >>> 24) & 0x1f);
    }

    /** The 32-bit word at byte offset {@code p} of the type section (as offsets count). */
    public int i32(int p) {
        return words[(p - typeStart) >> 2];
    }

    /**
     * The type section's {@code len} bytes at {@code start} of {@code data} as words, in one bulk
     * copy. Every field of a type record is a 32-bit word at a multiple of 4 from the section's
     * start, so the reader, the checks and the dump each read a field with one array load; four
     * byte loads and shifts per field, in three passes, were a quarter of a cold vmlinux dump.
     */
    public static int[] words(byte[] data, int start, int len, ByteOrder order) {
        int[] w = new int[len >> 2];
        ByteBuffer.wrap(data, start, len).order(order).asIntBuffer().get(w);
        return w;
    }
}
