package dev.ebld.linker.internal;

import dev.ebld.elf.ElfSymbol;

import java.util.List;
import java.util.Map;

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

    /** Output index of input symbol {@code index} of file {@code file}, or -1. */
    public int map(int file, int index) {
        int[] m = fileMap.get(file);
        return index < m.length ? m[index] : -1;
    }

    public ElfSymbol get(int index) {
        return entries.get(index);
    }
}
