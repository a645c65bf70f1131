package dev.ebld.btf;

/**
 * The {@code btf_header} fields. Offsets of the type and string sections are relative to the
 * end of the header ({@code hdrLen}); bytes between the 24-byte header and {@code hdrLen} must be
 * zero, as the kernel requires.
 *
 * @param version {@code version}, 1 for every producer today
 * @param flags   {@code flags}, 0 today
 * @param hdrLen  {@code hdr_len}, at least {@link #SIZE}
 * @param typeOff {@code type_off}
 * @param typeLen {@code type_len}
 * @param strOff  {@code str_off}
 * @param strLen  {@code str_len}
 */
public record BtfHeader(int version, int flags, int hdrLen, int typeOff, int typeLen, int strOff,
                        int strLen) {
    public static final int MAGIC = 0xeb9f;
    public static final int SIZE = 24;

    /** The layout libbpf and clang write: header, types, then strings, no gaps. */
    public static BtfHeader standard(int typeLen, int strLen) {
        return new BtfHeader(1, 0, SIZE, 0, typeLen, typeLen, strLen);
    }

    /** Total bytes of a section with this header: header plus the furthest-reaching part. */
    public long totalLength() {
        return (long) hdrLen + Math.max((long) typeOff + typeLen, (long) strOff + strLen);
    }
}
