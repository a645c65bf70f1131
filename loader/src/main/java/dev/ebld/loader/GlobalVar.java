package dev.ebld.loader;

import java.util.Objects;

/**
 * A global variable found through the object's BTF: a VAR in the DATASEC of a data map, at
 * {@code offset} bytes into that map's one value, {@code size} bytes long, of BTF type
 * {@code typeId} (modifiers and typedefs included).
 */
public record GlobalVar(String name, String map, int offset, int size, int typeId) {
    public GlobalVar {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(map, "map");
    }
}
