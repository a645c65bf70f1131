package dev.ebld.btf;

import java.nio.ByteOrder;

/**
 * A BTF blob as read, after {@link BtfReader#scan} checked every type record: the bytes, their
 * order, and where each type starts. The model ({@link BtfDecode}) is built from it, and the raw
 * dump ({@link BtfRawDump}) prints straight from it, with no object or String per type.
 */
final class BtfSection {
    private final byte[] data;
    private final boolean le;
    private final ByteOrder order;
    private final BtfHeader header;
    private final Btf base;
    private final int firstId;
    /** Where each own type starts in {@link #data}, then where the last one ends. */
    private final int[] offsets;
    private final byte[] strings;
    private final int baseStrLen;
    private final boolean backward;

    BtfSection(byte[] data, ByteOrder order, BtfHeader header, Btf base, int[] offsets, byte[] strings,
            boolean backward) {
        this.data = data;
        this.le = order == ByteOrder.LITTLE_ENDIAN;
        this.order = order;
        this.header = header;
        this.base = base;
        this.firstId = base == null ? 1 : base.typeCount();
        this.offsets = offsets;
        this.strings = strings;
        this.baseStrLen = base == null ? 0 : base.stringsEnd();
        this.backward = backward;
    }

    ByteOrder order() {
        return order;
    }

    BtfHeader header() {
        return header;
    }

    /** The base of split BTF, or null. */
    Btf base() {
        return base;
    }

    int firstId() {
        return firstId;
    }

    /** Number of own types. */
    int count() {
        return offsets.length - 1;
    }

    /** Where own type {@code i} (0-based) starts: its name offset; info, size/type and data follow. */
    int offset(int i) {
        return offsets[i];
    }

    /** This blob's own string section. */
    byte[] strings() {
        return strings;
    }

    /** Length of the base's string sections: own string offsets start there. */
    int baseStrLen() {
        return baseStrLen;
    }

    /** Every reference leads to a lower id (see {@link BtfChecks#check}). */
    boolean backward() {
        return backward;
    }

    /** The kind of own type {@code i}; the scan made sure it is one. */
    BtfKind kind(int i) {
        return BtfKind.ofCode((i32(offsets[i] + 4) >>> 24) & 0x1f);
    }

    /** The 32-bit word at {@code p}. */
    int i32(int p) {
        return i32(data, le, p);
    }

    /**
     * The 32-bit word at {@code p} of {@code b}. Shifts on the array: a cold run reads 130 000
     * vmlinux types in the interpreter, where ByteBuffer.getInt is several calls deep.
     */
    static int i32(byte[] b, boolean le, int p) {
        return le ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24
                : b[p] << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }
}
