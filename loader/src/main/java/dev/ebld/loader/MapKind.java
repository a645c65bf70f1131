package dev.ebld.loader;

/**
 * Where a map comes from, as libbpf's {@code enum libbpf_map_type} tells its maps apart: declared
 * by the program ({@code .maps} or legacy {@code maps}), or made by the loader for a global-data
 * section or for {@code .kconfig} externs.
 */
public enum MapKind {
    USER, DATA, RODATA, BSS, KCONFIG;

    /** Whether the loader creates this map itself and fills its one value. */
    public boolean isInternal() {
        return this != USER;
    }
}
