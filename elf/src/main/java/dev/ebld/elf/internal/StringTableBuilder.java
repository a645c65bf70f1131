package dev.ebld.elf.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds an ELF string table ({@code .strtab}, {@code .shstrtab}): NUL-terminated UTF-8 strings
 * after a leading NUL, so offset 0 is the empty string. Adding a string already present returns
 * its first offset; an offset, once returned, never changes. Strings are stored in first-use
 * order, so the same additions give the same bytes.
 *
 * <p>The linker adds every output symbol's name (32,000 at 40 x 400), mostly before the JIT has
 * compiled anything, so an addition costs one hash lookup and the table can be sized up front.
 */
public final class StringTableBuilder {
    private final Map<String, Integer> offsets;
    private byte[] bytes = new byte[256];
    private int size;

    public StringTableBuilder() {
        this(16);
    }

    /** A builder for about {@code expected} strings, sized so that adding them never rehashes. */
    public StringTableBuilder(int expected) {
        offsets = new HashMap<>(expected + expected / 3 + 1);
        offsets.put("", 0);
        size = 1;
    }

    /** The offset of {@code s}, appending it if new. */
    public int add(String s) {
        Integer known = offsets.putIfAbsent(s, size);
        if (known != null) {
            return known;
        }
        if (s.indexOf('\0') >= 0) {
            offsets.remove(s);
            throw new IllegalArgumentException("string table entry contains NUL: " + s);
        }
        int at = size;
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int end = at + utf8.length + 1;
        if (end > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(end, bytes.length * 2));
        }
        System.arraycopy(utf8, 0, bytes, at, utf8.length);
        // bytes[end - 1] is already 0: the terminating NUL.
        size = end;
        return at;
    }

    /** The offset of {@code s} if it was added, else -1. */
    public int offsetOf(String s) {
        return offsets.getOrDefault(s, -1);
    }

    /** Current size in bytes. */
    public int size() {
        return size;
    }

    /** The table as it stands; later additions do not change the returned array. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
