package dev.ebld.loader.kernel;

import java.util.Optional;

/** {@code BPF_OBJ_GET_INFO_BY_FD} for a map. */
public record MapInfo(ObjectId id, MapType type, String name, int keySize, int valueSize,
        int maxEntries, int flags, Optional<ObjectId> btfId, BtfId keyType, BtfId valueType,
        boolean frozen) {
}
