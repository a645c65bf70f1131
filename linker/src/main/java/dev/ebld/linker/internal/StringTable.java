package dev.ebld.linker.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An ELF string table built in first-use order, each distinct string once, offset 0 the empty
 * string. First-use order keeps the output deterministic.
 */
final class StringTable {
    private final Map<String, Integer> offsets;
    private byte[] bytes = new byte[256];
    private int size;

    StringTable() {
        this(16);
    }

    /** A table for about {@code expected} strings, sized so that adding them never rehashes. */
    StringTable(int expected) {
        offsets = new HashMap<>(expected + expected / 3 + 1);
        offsets.put("", 0);
        size = 1;
    }

    int add(String s) {
        // One hash lookup for the usual case, a string not yet in the table.
        Integer known = offsets.putIfAbsent(s, size);
        if (known != null) {
            return known;
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

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
