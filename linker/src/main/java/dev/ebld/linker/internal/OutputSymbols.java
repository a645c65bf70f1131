package dev.ebld.linker.internal;

import dev.ebld.elf.ElfSymbol;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output symbol table: locals first (one section symbol per output section, then every
 * file's own locals in link order), then globals in order of first appearance. Name offsets are
 * left 0; the writer assigns them.
 *
 * @param entries        all entries, index 0 the null symbol
 * @param firstGlobal    index of the first non-local entry, the symtab's {@code sh_info}
 * @param fileMap        per file (by order), input symbol index to output index, -1 if dropped
 * @param sectionSymbol  per output section id, the index of its STT_SECTION symbol
 * @param globalIndex    global name to output index
 */
public record OutputSymbols(List<ElfSymbol> entries, int firstGlobal, List<int[]> fileMap,
                            int[] sectionSymbol, Map<String, Integer> globalIndex) {

    public OutputSymbols {
        entries = List.copyOf(entries);
        fileMap = List.copyOf(fileMap);
        globalIndex = java.util.Collections.unmodifiableMap(globalIndex);
    }

    /**
     * Globals are entered in {@link Resolution#globals()} order from {@code firstGlobal} on, so
     * {@code globalIndex} is a view of the resolution's ids rather than a second map of every
     * global name.
     */
    OutputSymbols(List<ElfSymbol> entries, int firstGlobal, List<int[]> fileMap, int[] sectionSymbol,
                  Resolution resolution) {
        this(entries, firstGlobal, fileMap, sectionSymbol, new GlobalIndex(resolution, firstGlobal));
    }

    /** Output index of input symbol {@code index} of file {@code file}, or -1. */
    public int map(int file, int index) {
        int[] m = fileMap.get(file);
        return index < m.length ? m[index] : -1;
    }

    public ElfSymbol get(int index) {
        return entries.get(index);
    }

    /** Global name to output index, computed from the resolution's ids on each lookup. */
    private static final class GlobalIndex extends AbstractMap<String, Integer> {
        private final Resolution resolution;
        private final int firstGlobal;

        GlobalIndex(Resolution resolution, int firstGlobal) {
            this.resolution = resolution;
            this.firstGlobal = firstGlobal;
        }

        @Override
        public Integer get(Object key) {
            int id = key instanceof String name ? resolution.idOf(name) : -1;
            return id < 0 ? null : firstGlobal + id;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return resolution.globals().size();
        }

        /** Built on demand: the linker itself only ever calls {@link #get}. */
        @Override
        public Set<Entry<String, Integer>> entrySet() {
            Map<String, Integer> all = new LinkedHashMap<>();
            List<GlobalSymbol> globals = resolution.globals();
            for (int i = 0; i < globals.size(); i++) {
                all.put(globals.get(i).name(), firstGlobal + i);
            }
            return all.entrySet();
        }
    }
}
