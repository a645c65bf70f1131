package dev.ebld.elf;

/**
 * Fixed-width integers at absolute positions of a byte array, in either byte order
 * ({@code big} true for big-endian). ELF symbol and relocation tables and BTF/BTF.ext records
 * are read and written field by field, tens of thousands of entries per link, mostly before the
 * JIT has compiled anything: plain shifts here cost a fraction of the interpreted call chain
 * behind each {@code ByteBuffer.getInt}/{@code putInt}. Public for the btf module's readers and
 * writers, which share these rather than keep copies.
 */
public final class ElfBytes {
    private ElfBytes() {
    }

    public static int u16(byte[] b, int p, boolean big) {
        return big ? (b[p] & 0xff) << 8 | b[p + 1] & 0xff
                : b[p] & 0xff | (b[p + 1] & 0xff) << 8;
    }

    public static int u32(byte[] b, int p, boolean big) {
        return big ? b[p] << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff
                : b[p] & 0xff | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24;
    }

    public static long u64(byte[] b, int p, boolean big) {
        long first = u32(b, p, big) & 0xffffffffL;
        long second = u32(b, p + 4, big) & 0xffffffffL;
        return big ? first << 32 | second : second << 32 | first;
    }

    public static void put16(byte[] b, int p, boolean big, int v) {
        if (big) {
            b[p] = (byte) (v >>> 8);
            b[p + 1] = (byte) v;
        } else {
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >>> 8);
        }
    }

    public static void put32(byte[] b, int p, boolean big, int v) {
        if (big) {
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

    public static void put64(byte[] b, int p, boolean big, long v) {
        put32(b, big ? p : p + 4, big, (int) (v >>> 32));
        put32(b, big ? p + 4 : p, big, (int) v);
    }
}
