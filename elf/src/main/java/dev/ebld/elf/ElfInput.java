package dev.ebld.elf;

import dev.ebld.bytes.FixedWidth;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The bytes being read, their byte order (set once from {@code EI_DATA}) and the file name for
 * messages. All reads are absolute; callers check ranges first, so an out-of-range read here is a
 * reader bug, not bad input.
 */
final class ElfInput {
    final String file;
    final byte[] bytes;
    /** Big-endian until {@link #order} has read {@code EI_DATA}, as a fresh ByteBuffer would be. */
    private ByteOrder order = ByteOrder.BIG_ENDIAN;

    ElfInput(byte[] bytes, String file) {
        this.bytes = bytes;
        this.file = file;
    }

    void order(ByteOrder order) {
        this.order = order;
    }

    int length() {
        return bytes.length;
    }

    /** Whether {@code [offset, offset + size)} lies inside the file; negative means huge. */
    boolean contains(long offset, long size) {
        return offset >= 0 && size >= 0 && offset <= bytes.length - size;
    }

    int u8(long off) {
        return bytes[(int) off] & 0xff;
    }

    int u16(long off) {
        return FixedWidth.u16(bytes, (int) off, order);
    }

    int u32(long off) {
        return FixedWidth.u32(bytes, (int) off, order);
    }

    long u64(long off) {
        return FixedWidth.u64(bytes, (int) off, order);
    }

    /**
     * The NUL-terminated string starting at {@code start}, which must end before {@code end};
     * null when no NUL comes first. Names are decoded as UTF-8 for display only: string tables
     * themselves stay bytes, so odd encodings still round-trip.
     */
    String cString(int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] == 0) {
                return new String(bytes, start, i - start, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    ElfFormatException fail(String structure, long offset, String reason) {
        return new ElfFormatException(file, structure, offset, reason);
    }
}
