package dev.ebld.loader.kernel;

import java.util.List;
import java.util.Optional;

/** {@code BPF_OBJ_GET_INFO_BY_FD} for a program. */
public record ProgInfo(ObjectId id, ProgType type, String name, int insnCount,
        int verifiedInsns, List<ObjectId> mapIds, Optional<ObjectId> btfId, String tag) {
    public ProgInfo {
        mapIds = List.copyOf(mapIds);
    }
}
