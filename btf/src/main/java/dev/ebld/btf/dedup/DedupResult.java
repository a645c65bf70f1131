package dev.ebld.btf.dedup;

import dev.ebld.btf.Btf;

import java.util.Map;

/**
 * The outcome of {@link Dedup#dedup}: the deduplicated BTF, where every old type id went, and
 * where every string of the new string section is, for remapping .BTF.ext records and symbols
 * ({@link DedupExt#remap}).
 *
 * @param btf           the deduplicated BTF (standard layout, the input's byte order)
 * @param idMap         {@code idMap[oldId]} is the new id; index 0 (void) maps to 0
 * @param stringOffsets offset of each string in {@code btf}'s string section
 */
public record DedupResult(Btf btf, int[] idMap, Map<String, Integer> stringOffsets) {
    public DedupResult {
        idMap = idMap.clone();
        stringOffsets = java.util.Collections.unmodifiableMap(stringOffsets);
    }

    @Override
    public int[] idMap() {
        return idMap.clone();
    }

    /** The new id of old type {@code oldId}. */
    public int newId(int oldId) {
        if (oldId < 0 || oldId >= idMap.length) {
            throw new IllegalArgumentException("type id " + oldId + " out of range [0, " + idMap.length + ")");
        }
        return idMap[oldId];
    }

    /** The offset of {@code s} in the new string section; it must be there. */
    public int stringOffset(String s) {
        Integer off = stringOffsets.get(s);
        if (off == null) {
            throw new IllegalArgumentException("string \"" + s + "\" is not in the deduplicated BTF; pass it as a kept string");
        }
        return off;
    }
}
