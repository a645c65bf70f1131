package dev.ebld.linker.internal;

import dev.ebld.elf.Relocation;

import java.util.List;

/**
 * Output of relocation: the final bytes and relocations of every output section.
 *
 * @param data          per output section id, its bytes with immediates adjusted
 * @param relocations   per output section id, relocations against output symbol indexes
 * @param unresolved    every reference left to an undefined symbol, in link order
 * @param resolvedCalls how many calls were resolved at link time (same output section)
 */
public record Relocated(List<byte[]> data, List<List<Relocation>> relocations,
                        List<UnresolvedRef> unresolved, int resolvedCalls) {
    public Relocated {
        data = List.copyOf(data);
        relocations = relocations.stream().map(List::copyOf).toList();
        unresolved = List.copyOf(unresolved);
    }
}
