package dev.ebld.linker.internal;

import dev.ebld.elf.Relocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Output of relocation: the final bytes and relocations of every output section.
 *
 * @param data          per output section id, its bytes with immediates adjusted (copied in and
 *                      out: the record is a value, and equality compares contents)
 * @param relocations   per output section id, relocations against output symbol indexes
 * @param unresolved    every reference left to an undefined symbol, in link order
 * @param resolvedCalls how many calls were resolved at link time (same output section)
 */
public record Relocated(List<byte[]> data, List<List<Relocation>> relocations,
                        List<UnresolvedRef> unresolved, int resolvedCalls) {
    public Relocated {
        data = copies(data);
        relocations = relocations.stream().map(List::copyOf).toList();
        unresolved = List.copyOf(unresolved);
    }

    /** Copies of the bytes; call once and index the list. */
    @Override
    public List<byte[]> data() {
        return copies(data);
    }

    private static List<byte[]> copies(List<byte[]> in) {
        List<byte[]> out = new ArrayList<>(in.size());
        for (byte[] b : in) {
            out.add(b.clone());
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Relocated r) || data.size() != r.data.size()) {
            return false;
        }
        for (int i = 0; i < data.size(); i++) {
            if (!Arrays.equals(data.get(i), r.data.get(i))) {
                return false;
            }
        }
        return relocations.equals(r.relocations) && unresolved.equals(r.unresolved)
                && resolvedCalls == r.resolvedCalls;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(relocations, unresolved, resolvedCalls);
        for (byte[] b : data) {
            h = 31 * h + Arrays.hashCode(b);
        }
        return h;
    }

    @Override
    public String toString() {
        return "Relocated[" + data.size() + " sections, " + unresolved.size() + " unresolved, "
                + resolvedCalls + " calls resolved]";
    }
}
