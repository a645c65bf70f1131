package dev.ebld.loader;

import dev.ebld.loader.kernel.MapType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A map as the object declares it, before any kernel sees it ({@code struct bpf_map} before
 * {@code bpf_object__load}). Sizes are bytes. {@code keyTypeId} and {@code valueTypeId} are ids
 * in the object's BTF (0 when the map has none). For map-in-map, {@code inner} is the template
 * and {@code initialSlots} names the maps (or, for a prog_array, the programs) the object puts
 * at each index.
 *
 * @param section the ELF section the definition came from
 * @param pinning {@code LIBBPF_PIN_NONE} (0) or {@code LIBBPF_PIN_BY_NAME} (1)
 */
public record BpfMap(String name, MapKind kind, String section, MapType type, int keySize,
        int valueSize, int maxEntries, int flags, int pinning, long mapExtra,
        Optional<BpfMap> inner, int keyTypeId, int valueTypeId, Map<Integer, String> initialSlots) {

    public BpfMap {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(inner, "inner");
        initialSlots = Map.copyOf(initialSlots);
    }

    public boolean isMapInMap() {
        return type == MapType.ARRAY_OF_MAPS || type == MapType.HASH_OF_MAPS;
    }

    /** The maps this one needs created first (its inner template and initial inner maps). */
    public List<String> dependencies() {
        return isMapInMap() ? List.copyOf(initialSlots.values()) : List.of();
    }
}
