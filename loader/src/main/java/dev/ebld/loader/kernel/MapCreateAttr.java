package dev.ebld.loader.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code BPF_MAP_CREATE}'s attributes. Sizes are in bytes. {@code btf} with key and value type
 * ids describes the map for BTF-aware tools; {@code innerMap} is the template of a map-in-map.
 */
public record MapCreateAttr(MapType type, String name, int keySize, int valueSize, int maxEntries,
        int flags, Optional<MapFd> innerMap, Optional<BtfFd> btf, BtfId keyType, BtfId valueType,
        long mapExtra) {

    /** {@code BPF_F_NO_PREALLOC}: hash maps allocate on update. */
    public static final int F_NO_PREALLOC = 1;
    /** {@code BPF_F_RDONLY_PROG}: programs may only read the map. */
    public static final int F_RDONLY_PROG = 1 << 7;
    /** {@code BPF_F_WRONLY_PROG}: programs may only write the map. */
    public static final int F_WRONLY_PROG = 1 << 8;
    /** {@code BPF_F_MMAPABLE}: the array may be memory-mapped (global data). */
    public static final int F_MMAPABLE = 1 << 10;

    public MapCreateAttr {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(innerMap, "innerMap");
        Objects.requireNonNull(btf, "btf");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
    }

    /** A map without BTF, inner map or extra: the common case for tests and tools. */
    public static MapCreateAttr of(MapType type, String name, int keySize, int valueSize,
            int maxEntries, int flags) {
        return new MapCreateAttr(type, name, keySize, valueSize, maxEntries, flags,
                Optional.empty(), Optional.empty(), new BtfId(0), new BtfId(0), 0);
    }
}
