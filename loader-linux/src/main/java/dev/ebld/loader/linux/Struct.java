package dev.ebld.loader.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * One zeroed instance of a UAPI struct in native memory, written and read by field name. The
 * layouts ({@link MapAttrs}, {@link ProgAttrs}, ...) carry the names of the C fields, so a
 * misspelt name fails at once and a field is never written at a guessed offset. Pointers to
 * buffers ({@code __aligned_u64} in the UAPI) are allocated in the same arena.
 */
final class Struct {
    private final Arena arena;
    private final StructLayout layout;
    private final MemorySegment segment;

    private Struct(Arena arena, StructLayout layout) {
        this.arena = arena;
        this.layout = layout;
        this.segment = arena.allocate(layout); // zero-filled, as the kernel wants unused fields
    }

    static Struct of(Arena arena, StructLayout layout) {
        return new Struct(arena, layout);
    }

    MemorySegment segment() {
        return segment;
    }

    private long at(String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    Struct u32(String field, int value) {
        segment.set(ValueLayout.JAVA_INT, at(field), value);
        return this;
    }

    Struct u64(String field, long value) {
        segment.set(ValueLayout.JAVA_LONG, at(field), value);
        return this;
    }

    int u32(String field) {
        return segment.get(ValueLayout.JAVA_INT, at(field));
    }

    long u64(String field) {
        return segment.get(ValueLayout.JAVA_LONG, at(field));
    }

    /** The {@code __u32} at a byte offset, for union members read through another's name. */
    int u32At(long offset) {
        return segment.get(ValueLayout.JAVA_INT, offset);
    }

    /** Points {@code field} at {@code buffer}. */
    Struct pointer(String field, MemorySegment buffer) {
        return u64(field, buffer.address());
    }

    /** Points {@code field} at a native copy of {@code bytes}, and returns the copy. */
    MemorySegment copyIn(String field, byte[] bytes) {
        MemorySegment buffer = arena.allocate(Math.max(1, bytes.length), 8);
        MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
        pointer(field, buffer);
        return buffer;
    }

    /** Points {@code field} at {@code size} zeroed bytes, and returns them. */
    MemorySegment room(String field, long size) {
        MemorySegment buffer = arena.allocate(Math.max(1, size), 8);
        pointer(field, buffer);
        return buffer;
    }

    /** Points {@code field} at a NUL-terminated copy of {@code text}. */
    Struct string(String field, String text) {
        return pointer(field, arena.allocateFrom(text));
    }

    /**
     * Writes {@code name} into the {@code char[16]} field (BPF_OBJ_NAME_LEN), cut to 15 bytes so a
     * NUL always ends it, as libbpf does.
     */
    Struct objName(String field, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(b, 0, segment, ValueLayout.JAVA_BYTE, at(field), Math.min(b.length, 15));
        return this;
    }

    /** The {@code char[16]} field up to its first NUL. */
    String objName(String field) {
        return cString(segment.asSlice(at(field), 16));
    }

    /**
     * The text in a buffer the kernel filled, up to its first NUL or the buffer's end: the
     * kernel ends what it writes with a NUL, but a reader must not trust that (getString would
     * throw without one); empty for {@link MemorySegment#NULL}.
     */
    static String cString(MemorySegment buffer) {
        long n = 0;
        while (n < buffer.byteSize() && buffer.get(ValueLayout.JAVA_BYTE, n) != 0) {
            n++;
        }
        return new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** The 8 bytes of {@code field} (a {@code __u8[8]}) as lower-case hex. */
    String hex8(String field) {
        byte[] b = segment.asSlice(at(field), 8).toArray(ValueLayout.JAVA_BYTE);
        return java.util.HexFormat.of().formatHex(b);
    }
}
