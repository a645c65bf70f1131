package dev.ebld.loader.sim;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/** Map key bytes with value equality, for hash tables. */
record Key(byte[] bytes) {
    Key {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key && Arrays.equals(bytes, ((Key) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /**
     * The key after {@code key} among {@code keys} (in their iteration order), or the first key
     * when {@code key} is empty or not there, as hashtab.c's get_next_key restarts.
     */
    static Optional<byte[]> after(Set<Key> keys, Optional<byte[]> key) {
        Iterator<Key> it = keys.iterator();
        if (key.isPresent() && keys.contains(new Key(key.get()))) {
            Key cur = new Key(key.get());
            while (it.hasNext() && !it.next().equals(cur)) {
                // advance past cur
            }
        }
        return it.hasNext() ? Optional.of(it.next().bytes()) : Optional.empty();
    }
}
