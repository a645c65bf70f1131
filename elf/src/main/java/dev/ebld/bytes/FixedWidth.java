package dev.ebld.bytes;

import java.nio.ByteOrder;

/**
 * Fixed-width integers at absolute positions of a byte array, in the given byte order: the one
 * byte-order helper of the project. ELF symbol and relocation tables, BTF/BTF.ext records and
 * instruction fields are read and written field by field, tens of thousands of entries per link,
 * mostly before the JIT has compiled anything: plain shifts here cost a fraction of the
 * interpreted call chain behind each {@code ByteBuffer.getInt}/{@code putInt}.
 *
 * <p>Knows nothing of ELF, so the instruction codec can use it too. Exported only to the
 * project's own modules (see {@code module-info.java}).
 */
public final class FixedWidth {
    private FixedWidth() {
    }

    public static int u16(byte[] b, int p, ByteOrder order) {
        return order == ByteOrder.BIG_ENDIAN ? (b[p] & 0xff) << 8 | b[p + 1] & 0xff
                : b[p] & 0xff | (b[p + 1] & 0xff) << 8;
    }

    /** The 32 bits at {@code p} as an int; mask with {@code 0xffffffffL} for the unsigned value. */
    public static int u32(byte[] b, int p, ByteOrder order) {
        return order == ByteOrder.BIG_ENDIAN
                ? b[p] << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff
                : b[p] & 0xff | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24;
    }

    /** The 32 bits at {@code p} as an unsigned value. */
    public static long uint32(byte[] b, int p, ByteOrder order) {
        return u32(b, p, order) & 0xffffffffL;
    }

    public static long u64(byte[] b, int p, ByteOrder order) {
        long first = u32(b, p, order) & 0xffffffffL;
        long second = u32(b, p + 4, order) & 0xffffffffL;
        return order == ByteOrder.BIG_ENDIAN ? first << 32 | second : second << 32 | first;
    }

    public static void put16(byte[] b, int p, ByteOrder order, int v) {
        if (order == ByteOrder.BIG_ENDIAN) {
            b[p] = (byte) (v >>> 8);
            b[p + 1] = (byte) v;
        } else {
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >>> 8);
        }
    }

    public static void put32(byte[] b, int p, ByteOrder order, int v) {
        if (order == ByteOrder.BIG_ENDIAN) {
            b[p] = (byte) (v >>> 24);
            b[p + 1] = (byte) (v >>> 16);
            b[p + 2] = (byte) (v >>> 8);
            b[p + 3] = (byte) v;
        } else {
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >>> 8);
            b[p + 2] = (byte) (v >>> 16);
            b[p + 3] = (byte) (v >>> 24);
        }
    }

    public static void put64(byte[] b, int p, ByteOrder order, long v) {
        boolean big = order == ByteOrder.BIG_ENDIAN;
        put32(b, big ? p : p + 4, order, (int) (v >>> 32));
        put32(b, big ? p + 4 : p, order, (int) v);
    }
}
