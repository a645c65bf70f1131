package dev.ebld.btf.dedup;

import java.util.Arrays;

/**
 * A multimap from a 32-bit type signature hash to type ids, the candidate lists of
 * {@link Dedup}. Open hashing over plain int arrays (no boxing: vmlinux four times over is
 * half a million entries). Candidates with one hash come back in insertion order, so the
 * earliest equivalent type wins and the result does not depend on hash layout.
 *
 * <p>Iterate with {@code for (int e = t.first(h); e >= 0; e = t.next(e)) t.id(e)}.
 */
final class DedupTable {
    private int[] heads;
    private int[] tails;
    private int[] hashes;
    private int[] ids;
    private int[] nexts;
    private int size;

    /** A table for about {@code expected} entries; it grows past that. */
    DedupTable(int expected) {
        int entries = Math.max(16, expected);
        hashes = new int[entries];
        ids = new int[entries];
        nexts = new int[entries];
        int buckets = Integer.highestOneBit(entries * 2);
        heads = new int[buckets];
        tails = new int[buckets];
        Arrays.fill(heads, -1);
    }

    void add(int hash, int id) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
            nexts = Arrays.copyOf(nexts, size * 2);
        }
        if (size * 4 >= heads.length * 3) {
            rehash(heads.length * 2);
        }
        hashes[size] = hash;
        ids[size] = id;
        link(size);
        size++;
    }

    /** The first entry with {@code hash}, or -1. */
    int first(int hash) {
        return skip(heads[bucket(hash, heads.length)], hash);
    }

    /** The entry after {@code entry} with the same hash, or -1. */
    int next(int entry) {
        return skip(nexts[entry], hashes[entry]);
    }

    int id(int entry) {
        return ids[entry];
    }

    private int skip(int e, int hash) {
        while (e >= 0 && hashes[e] != hash) {
            e = nexts[e];
        }
        return e;
    }

    private void link(int e) {
        int b = bucket(hashes[e], heads.length);
        nexts[e] = -1;
        if (heads[b] < 0) {
            heads[b] = e;
        } else {
            nexts[tails[b]] = e;
        }
        tails[b] = e;
    }

    private void rehash(int buckets) {
        heads = new int[buckets];
        tails = new int[buckets];
        Arrays.fill(heads, -1);
        for (int e = 0; e < size; e++) {
            link(e);
        }
    }

    private static int bucket(int hash, int buckets) {
        int h = hash * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (buckets - 1);
    }
}
