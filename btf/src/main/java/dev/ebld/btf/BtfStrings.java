package dev.ebld.btf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A BTF string section: NUL-terminated strings addressed by byte offset. The bytes are kept
 * exactly as read so that writing reproduces them; {@link #at(int)} decodes on first use.
 */
public final class BtfStrings {
    private final byte[] bytes;

    private BtfStrings(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps (a copy of) raw string-section bytes. */
    public static BtfStrings of(byte[] bytes) {
        return new BtfStrings(bytes.clone());
    }

    static BtfStrings wrap(byte[] bytes) {
        return new BtfStrings(bytes);
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the raw bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] rawBytes() {
        return bytes;
    }

    /** True when {@code off} starts a NUL-terminated string inside the section. */
    public boolean valid(int off) {
        return off >= 0 && off < bytes.length && bytes[bytes.length - 1] == 0;
    }

    /** The string at {@code off}; the offset must be {@link #valid(int)}. */
    public String at(int off) {
        if (!valid(off)) {
            throw new IllegalArgumentException("string offset " + off + " outside string section of "
                    + bytes.length + " bytes");
        }
        int end = off;
        while (bytes[end] != 0) {
            end++;
        }
        return new String(bytes, off, end - off, StandardCharsets.UTF_8);
    }

    /**
     * Decoded strings by offset, for a reader that looks up many names: each offset is decoded
     * once, when first asked for (member names such as "next" recur thousands of times). Nothing
     * is decoded up front: a pass over every byte of vmlinux's 2 MB section, mostly in the
     * interpreter, was a visible part of a cold {@code btf dump}. The table is an open-addressing
     * hash from offset to string, sized by the distinct offsets asked for (about 125 000 for
     * vmlinux) rather than one slot per byte of the section (2.3 million).
     */
    final class Cache {
        private int[] keys;
        private String[] values;
        private int size;

        /**
         * Sized from the section: BTF strings average about 12 bytes, so one slot per 4 bytes
         * keeps the table at most half full without growing it (a cold JVM interprets every
         * rehash loop); capped at 2^18 slots, which holds the ~125 000 names a vmlinux dump asks for.
         */
        Cache() {
            int slots = Integer.highestOneBit(Math.max(1024, Math.min(1 << 18, bytes.length / 4)) * 2 - 1);
            keys = new int[slots];
            values = new String[slots];
        }

        String at(int off) {
            int mask = keys.length - 1;
            int i = mix(off) & mask;
            while (values[i] != null) {
                if (keys[i] == off) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            String s = BtfStrings.this.at(off);
            keys[i] = off;
            values[i] = s;
            if (++size * 2 > keys.length) {
                rehash();
            }
            return s;
        }

        private static int mix(int off) {
            int h = off * 0x9e3779b9;
            return h ^ (h >>> 16);
        }

        private void rehash() {
            int[] oldKeys = keys;
            String[] oldValues = values;
            keys = new int[oldKeys.length * 2];
            values = new String[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldValues[j] != null) {
                    int i = mix(oldKeys[j]) & mask;
                    while (values[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    values[i] = oldValues[j];
                }
            }
        }
    }

    /**
     * Builds a string section, storing each distinct string once. Offsets it returns start at
     * {@code base}: 0 for base BTF, the base's {@link Btf#stringsEnd()} for split BTF. For split
     * BTF only the empty string maps into the base (offset 0); other strings are stored anew.
     */
    public static final class Builder {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final Map<String, Integer> offsets = new HashMap<>();
        private final int base;
        private final Btf baseBtf;

        /** A builder for base BTF: the section starts with the empty string. */
        public Builder() {
            this.base = 0;
            this.baseBtf = null;
            add("");
        }

        /** A builder for split BTF over {@code baseBtf}. */
        public Builder(Btf baseBtf) {
            this.base = baseBtf.stringsEnd();
            this.baseBtf = baseBtf;
        }

        /** The offset of {@code s}, adding it if new; the empty string is offset 0. */
        public int add(String s) {
            if (s.isEmpty() && baseBtf != null) {
                return 0;
            }
            Integer off = offsets.get(s);
            if (off == null) {
                off = base + bytes.size();
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                bytes.write(0);
                offsets.put(s, off);
            }
            return off;
        }

        public BtfStrings build() {
            return new BtfStrings(bytes.toByteArray());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BtfStrings other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
