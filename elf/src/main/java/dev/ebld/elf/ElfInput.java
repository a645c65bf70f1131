package dev.ebld.elf;

import dev.ebld.bytes.FixedWidth;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes being read, their byte order (set once from {@code EI_DATA}) and the file name for
 * messages. All reads are absolute file offsets; callers check ranges first, so an out-of-range
 * read here is a reader bug, not bad input.
 *
 * <p>Either the whole file is in memory (one chunk), or the input is a file read in pieces: the
 * reader {@link #load}s the ELF header, the section header table, the name table and then the
 * contents it decodes, each into a chunk of its own, and nothing else is ever read. A linker
 * that drops DWARF never reads it (in a {@code -g} object, most of the file).
 */
final class ElfInput {
    final String file;
    private final long length;
    /** Where {@link #load} reads from; null when the whole file is {@link #chunks}[0]. */
    private final FileChannel channel;
    private long[] starts = new long[8];
    private byte[][] chunks = new byte[8][];
    private int count;
    /** The chunk the last access used: reads come in runs over one table. */
    private byte[] cur;
    private long curStart;
    private long curEnd;
    /** The chunk used before it: symbol decoding alternates between .symtab and .strtab. */
    private byte[] prev;
    private long prevStart;
    /** Bytes read from the file so far (on-demand input only). */
    private long loaded;
    /** Big-endian until {@link #order} has read {@code EI_DATA}, as a fresh ByteBuffer would be. */
    private ByteOrder order = ByteOrder.BIG_ENDIAN;

    private ElfInput(String file, long length, FileChannel channel) {
        this.file = file;
        this.length = length;
        this.channel = channel;
    }

    /** The whole file, already in memory. */
    static ElfInput whole(byte[] bytes, String file) {
        ElfInput in = new ElfInput(file, bytes.length, null);
        in.add(0, bytes);
        return in;
    }

    /** A file of {@code length} bytes, read from {@code channel} as {@link #load} asks. */
    static ElfInput onDemand(FileChannel channel, long length, String file) {
        return new ElfInput(file, length, channel);
    }

    /**
     * Makes {@code [offset, offset + size)} readable; the range must lie in the file. Free when
     * the whole file is in memory or a loaded chunk already covers the range.
     *
     * @throws UncheckedIOException when reading fails or the file is shorter than it was
     */
    void load(long offset, long size) {
        if (channel == null || size == 0 || covered(offset, size)) {
            return;
        }
        byte[] chunk = new byte[Math.toIntExact(size)];
        ByteBuffer buf = ByteBuffer.wrap(chunk);
        try {
            while (buf.hasRemaining()) {
                if (channel.read(buf, offset + buf.position()) < 0) {
                    throw new EOFException(file + ": file ended at 0x"
                            + Long.toHexString(offset + buf.position()) + " while reading (changed while being read?)");
                }
            }
        } catch (EOFException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file + ": reading [0x" + Long.toHexString(offset)
                    + ", +0x" + Long.toHexString(size) + "): " + e.getMessage(), e));
        }
        loaded += size;
        add(offset, chunk);
    }

    private boolean covered(long offset, long size) {
        for (int i = 0; i < count; i++) {
            if (offset >= starts[i] && offset + size <= starts[i] + chunks[i].length) {
                return true;
            }
        }
        return false;
    }

    private void add(long start, byte[] chunk) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            chunks = Arrays.copyOf(chunks, count * 2);
        }
        starts[count] = start;
        chunks[count++] = chunk;
        select(start, chunk);
    }

    private void select(long start, byte[] chunk) {
        if (chunk != cur) {
            prev = cur;
            prevStart = curStart;
        }
        cur = chunk;
        curStart = start;
        curEnd = start + chunk.length;
    }

    /** Bytes read from the file so far: the whole file for an image in memory. */
    long bytesLoaded() {
        return channel == null ? length : loaded;
    }

    /** Index into {@link #cur} of file offset {@code off}, after making its chunk current. */
    private int at(long off, int width) {
        if (off < curStart || off + width > curEnd) {
            find(off, width);
        }
        return (int) (off - curStart);
    }

    private void find(long off, int width) {
        if (prev != null && off >= prevStart && off + width <= prevStart + prev.length) {
            select(prevStart, prev);
            return;
        }
        for (int i = 0; i < count; i++) {
            if (off >= starts[i] && off + width <= starts[i] + chunks[i].length) {
                select(starts[i], chunks[i]);
                return;
            }
        }
        throw new IllegalStateException(file + ": reader bug: bytes [0x" + Long.toHexString(off) + ", +"
                + width + ") were read before being loaded");
    }

    void order(ByteOrder order) {
        this.order = order;
    }

    long length() {
        return length;
    }

    /** Whether {@code [offset, offset + size)} lies inside the file; negative means huge. */
    boolean contains(long offset, long size) {
        return offset >= 0 && size >= 0 && offset <= length - size;
    }

    int u8(long off) {
        int i = at(off, 1); // before reading cur: at() may switch chunks
        return cur[i] & 0xff;
    }

    int u16(long off) {
        int i = at(off, 2);
        return FixedWidth.u16(cur, i, order);
    }

    int u32(long off) {
        int i = at(off, 4);
        return FixedWidth.u32(cur, i, order);
    }

    long u64(long off) {
        int i = at(off, 8);
        return FixedWidth.u64(cur, i, order);
    }

    /**
     * The NUL-terminated string starting at {@code start}, which must end before {@code end};
     * null when no NUL comes first. {@code [start, end)} lies in one loaded range (a string
     * table). Names are decoded as UTF-8 for display only: string tables themselves stay bytes,
     * so odd encodings still round-trip.
     */
    String cString(long start, long end) {
        int from = at(start, (int) (end - start));
        int to = from + (int) (end - start);
        for (int i = from; i < to; i++) {
            if (cur[i] == 0) {
                return new String(cur, from, i - from, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * {@code [offset, offset + size)} as a view without a copy: chunks belong to this input and
     * are never changed, and the file image is dropped once the model is built.
     */
    ByteView view(long offset, long size) {
        if (size == 0) {
            return ByteView.EMPTY; // an empty section's offset need not lie in any loaded chunk
        }
        int from = at(offset, (int) size);
        return ByteView.share(cur, from, from + (int) size);
    }

    ElfFormatException fail(String structure, long offset, String reason) {
        return new ElfFormatException(file, structure, offset, reason);
    }
}
