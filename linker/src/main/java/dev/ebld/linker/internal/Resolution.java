package dev.ebld.linker.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of symbol resolution: every global name in order of first appearance, and for each
 * file which global each of its symbol indexes stands for. Later stages go from a file's symbol
 * to its global through {@link #globalOf}, an array lookup, instead of hashing the name again.
 */
public final class Resolution {
    private final List<GlobalSymbol> globals;
    private final Map<String, Integer> ids;
    private final int[][] globalOf;

    /**
     * @param globals  every global, its position being its id
     * @param ids      name to id
     * @param globalOf per file order, per symbol index: the id of the global it declares, or -1
     *                 for locals; a global defined in a dropped section declares nothing but
     *                 still stands for its name if another file declares it
     */
    Resolution(List<GlobalSymbol> globals, Map<String, Integer> ids, int[][] globalOf) {
        this.globals = List.copyOf(globals);
        this.ids = ids;
        this.globalOf = globalOf;
    }

    public List<GlobalSymbol> globals() {
        return globals;
    }

    public Optional<GlobalSymbol> find(String name) {
        int id = idOf(name);
        return id < 0 ? Optional.empty() : Optional.of(globals.get(id));
    }

    /** The id (index in {@link #globals()}) of the global called {@code name}, or -1. */
    public int idOf(String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    /** The id (index in {@link #globals()}) of the global symbol {@code symIndex} of a file stands for, or -1. */
    public int globalOf(int file, int symIndex) {
        int[] m = globalOf[file];
        return symIndex < m.length ? m[symIndex] : -1;
    }
}
