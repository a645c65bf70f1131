package dev.ebld.linker.internal;

import dev.ebld.elf.ElfSymbol;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output symbol table: locals first (one section symbol per output section, then every
 * file's own locals in link order), then globals in {@link Resolution#globals()} order, global
 * id {@code i} at index {@code globalSlot[i]} (-1 for a global left out: one defined only in a
 * second copy of {@code license} or {@code version}). Name offsets are left 0; the writer
 * assigns them.
 * An input symbol's output index comes from the file's own map for locals and from the
 * resolution for globals, so no table of every input symbol is built.
 */
public final class OutputSymbols {
    private final List<ElfSymbol> entries;
    private final int firstGlobal;
    private final int[] globalSlot;
    private final List<int[]> localMap;
    private final int[] sectionSymbol;
    private final Resolution resolution;
    private final Map<String, Integer> globalIndex;

    /**
     * @param entries       all entries, index 0 the null symbol
     * @param firstGlobal   index of the first non-local entry, the symtab's {@code sh_info}
     * @param globalSlot    per global id, its output index, or -1 if it is left out
     * @param localMap      per file (by order), input symbol index to output index for locals,
     *                      -1 for globals and dropped locals; may be shorter than the symbol table
     * @param sectionSymbol per output section id, the index of its STT_SECTION symbol
     * @param resolution    where the globals came from, in output order
     */
    OutputSymbols(List<ElfSymbol> entries, int firstGlobal, int[] globalSlot, List<int[]> localMap,
                  int[] sectionSymbol, Resolution resolution) {
        this.entries = List.copyOf(entries);
        this.firstGlobal = firstGlobal;
        this.globalSlot = globalSlot;
        this.localMap = List.copyOf(localMap);
        this.sectionSymbol = sectionSymbol;
        this.resolution = resolution;
        this.globalIndex = Collections.unmodifiableMap(new GlobalIndex());
    }

    /** All entries, index 0 the null symbol. */
    public List<ElfSymbol> entries() {
        return entries;
    }

    /** Index of the first non-local entry, the symtab's {@code sh_info}. */
    public int firstGlobal() {
        return firstGlobal;
    }

    /** Per output section id, the index of its STT_SECTION symbol. */
    public int[] sectionSymbol() {
        return sectionSymbol;
    }

    /** Global name to output index; a global left out of the table has no entry. */
    public Map<String, Integer> globalIndex() {
        return globalIndex;
    }

    /** Output index of input symbol {@code index} of file {@code file}, or -1 if dropped. */
    public int map(int file, int index) {
        int[] m = localMap.get(file);
        if (index < m.length && m[index] >= 0) {
            return m[index];
        }
        int id = resolution.globalOf(file, index);
        return id < 0 ? -1 : globalSlot[id];
    }

    public ElfSymbol get(int index) {
        return entries.get(index);
    }

    /** {@link #globalIndex()}: a view of the resolution's ids rather than a second map of every name. */
    private final class GlobalIndex extends AbstractMap<String, Integer> {
        @Override
        public Integer get(Object key) {
            int id = key instanceof String name ? resolution.idOf(name) : -1;
            return id < 0 || globalSlot[id] < 0 ? null : globalSlot[id];
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return entries.size() - firstGlobal;
        }

        /** Built on demand: the linker itself only ever calls {@link #get}. */
        @Override
        public Set<Entry<String, Integer>> entrySet() {
            Map<String, Integer> all = new LinkedHashMap<>();
            List<GlobalSymbol> globals = resolution.globals();
            for (int i = 0; i < globals.size(); i++) {
                if (globalSlot[i] >= 0) {
                    all.put(globals.get(i).name(), globalSlot[i]);
                }
            }
            return all.entrySet();
        }
    }
}
