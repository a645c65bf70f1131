package dev.ebld.elf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds an ELF string table ({@code .strtab}, {@code .shstrtab}): NUL-terminated UTF-8 strings
 * after a leading NUL, so offset 0 is the empty string. Adding a string already present returns
 * its first offset; an offset, once returned, never changes.
 */
public final class StringTableBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets = new HashMap<>();

    public StringTableBuilder() {
        bytes.write(0);
        offsets.put("", 0);
    }

    /** The offset of {@code s}, appending it if new. */
    public int add(String s) {
        Integer known = offsets.get(s);
        if (known != null) {
            return known;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if (b == 0) {
                throw new IllegalArgumentException("string table entry contains NUL: " + s);
            }
        }
        int offset = bytes.size();
        bytes.write(utf8, 0, utf8.length);
        bytes.write(0);
        offsets.put(s, offset);
        return offset;
    }

    /** The offset of {@code s} if it was added, else -1. */
    public int offsetOf(String s) {
        return offsets.getOrDefault(s, -1);
    }

    /** Current size in bytes. */
    public int size() {
        return bytes.size();
    }

    /** The table as it stands; later additions do not change the returned array. */
    public byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
