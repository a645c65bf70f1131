package dev.ebld.linker.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An ELF string table built in first-use order, each distinct string once, offset 0 the empty
 * string. First-use order keeps the output deterministic.
 */
final class StringTable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets = new HashMap<>();

    StringTable() {
        bytes.write(0);
        offsets.put("", 0);
    }

    int add(String s) {
        Integer off = offsets.get(s);
        if (off != null) {
            return off;
        }
        int at = bytes.size();
        bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        bytes.write(0);
        offsets.put(s, at);
        return at;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
