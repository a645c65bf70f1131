package dev.ebld.elf;

import dev.ebld.bytes.FixedWidth;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable run of bytes: section contents, shared freely between threads (the interpreter
 * runs many programs over one model). Nothing outside this class ever holds the backing array:
 * factories copy what they are given and {@link #toArray()} copies out, so a view's content is
 * fixed for its lifetime. {@link #slice} shares the backing array, which is safe for that reason;
 * so does {@link #share}, which the ELF reader uses for section contents of a file image that it
 * owns and never changes.
 * Equality is by content.
 */
public final class ByteView {
    public static final ByteView EMPTY = new ByteView(new byte[0], 0, 0);

    private final byte[] bytes;
    private final int from;
    private final int length;
    /** Cached {@link #hashCode()}; 0 until computed (a benign race, as in {@code String}). */
    private int hash;

    private ByteView(byte[] bytes, int from, int length) {
        this.bytes = bytes;
        this.from = from;
        this.length = length;
    }

    /** A view of a copy of {@code data}. */
    public static ByteView of(byte[] data) {
        return data.length == 0 ? EMPTY : new ByteView(data.clone(), 0, data.length);
    }

    /** A view of a copy of {@code data[from, to)}. */
    public static ByteView copyOf(byte[] data, int from, int to) {
        return to == from ? EMPTY : new ByteView(Arrays.copyOfRange(data, from, to), 0, to - from);
    }

    /**
     * A view of {@code owned[from, to)} without a copy. Only for arrays no one will ever change:
     * the ELF reader's own file image, whose sections (DWARF is most of a {@code -g} object)
     * would otherwise each be copied once more.
     */
    static ByteView share(byte[] owned, int from, int to) {
        return to == from ? EMPTY : new ByteView(owned, from, to - from);
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** The byte at {@code index}, signed. */
    public byte get(int index) {
        return bytes[from + checkIndex(index, 1)];
    }

    /** The byte at {@code index}, unsigned. */
    public int u8(int index) {
        return get(index) & 0xff;
    }

    public int u16(int index, ByteOrder order) {
        return FixedWidth.u16(bytes, from + checkIndex(index, 2), order);
    }

    /** The 32 bits at {@code index} as an int. */
    public int u32(int index, ByteOrder order) {
        return FixedWidth.u32(bytes, from + checkIndex(index, 4), order);
    }

    public long u64(int index, ByteOrder order) {
        return FixedWidth.u64(bytes, from + checkIndex(index, 8), order);
    }

    /** Bytes {@code [start, end)} of this view, sharing its storage. */
    public ByteView slice(int start, int end) {
        if (start < 0 || end < start || end > length) {
            throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") of " + length + " bytes");
        }
        return start == 0 && end == length ? this : new ByteView(bytes, from + start, end - start);
    }

    /** A fresh copy of the bytes, the caller's to change. */
    public byte[] toArray() {
        return Arrays.copyOfRange(bytes, from, from + length);
    }

    /** Copies {@code len} bytes from {@code start} into {@code dst} at {@code dstPos}. */
    public void copyTo(int start, byte[] dst, int dstPos, int len) {
        if (start < 0 || len < 0 || start > length - len) {
            throw new IndexOutOfBoundsException("bytes [" + start + ", +" + len + ") of " + length);
        }
        System.arraycopy(bytes, from + start, dst, dstPos, len);
    }

    /** Whether the content equals {@code other}'s, byte for byte. */
    public boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, from, from + length, other, 0, other.length);
    }

    private int checkIndex(int index, int width) {
        if (index < 0 || index > length - width) {
            throw new IndexOutOfBoundsException("bytes [" + index + ", +" + width + ") of " + length);
        }
        return index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteView v && length == v.length
                && Arrays.equals(bytes, from, from + length, v.bytes, v.from, v.from + v.length);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 1;
            for (int i = from; i < from + length; i++) {
                h = 31 * h + bytes[i];
            }
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "ByteView[" + length + " bytes]";
    }
}
