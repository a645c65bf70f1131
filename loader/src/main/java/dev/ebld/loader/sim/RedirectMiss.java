package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.ObjectId;
import java.util.Objects;

/**
 * A {@code bpf_redirect_map} call that found no entry under its key, so that it answered its
 * fallback action (the low bits of its flags) instead of XDP_REDIRECT.
 *
 * @param map the map it looked in
 * @param mapName that map's name, as BPF_OBJ_GET_INFO_BY_FD gives it
 * @param key the key it looked up, truncated to a u32 as the map's lookup takes it
 */
public record RedirectMiss(ObjectId map, String mapName, long key) {
    public RedirectMiss {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(mapName, "mapName");
    }
}
