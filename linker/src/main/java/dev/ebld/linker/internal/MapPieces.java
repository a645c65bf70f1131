package dev.ebld.linker.internal;

import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cuts a {@code .maps} input section into one byte range per map definition and leaves out the
 * definitions that lost resolution (weak maps overridden elsewhere). libbpf keeps the loser's
 * bytes, which leaves a phantom map definition that no symbol or BTF variable describes.
 */
final class MapPieces {
    private MapPieces() {
    }

    /** Kept {@code [start, length]} ranges in offset order. */
    static List<long[]> keptRanges(InputFile f, Section s, Resolution resolution) {
        TreeMap<Long, Long> kept = new TreeMap<>();
        Set<Long> lost = new HashSet<>();
        List<ElfSymbol> syms = f.symbols();
        for (int i = 1; i < syms.size(); i++) {
            ElfSymbol sym = syms.get(i);
            if (sym.shndx() != s.index() || sym.type() == ElfSymbol.STT_SECTION || sym.size() == 0
                    || sym.value() >= s.size()) {
                continue;
            }
            if (sym.isLocal() || wins(f, i, resolution)) {
                kept.merge(sym.value(), Math.min(sym.size(), s.size() - sym.value()), Math::max);
            } else {
                lost.add(sym.value());
            }
        }
        if (kept.isEmpty() && lost.isEmpty()) {
            return List.of(new long[] {0, s.size()});
        }
        List<long[]> out = new ArrayList<>();
        kept.forEach((start, len) -> {
            if (!lost.contains(start)) {
                out.add(new long[] {start, len});
            }
        });
        return out;
    }

    private static boolean wins(InputFile f, int symIndex, Resolution resolution) {
        int id = resolution.globalOf(f.order(), symIndex);
        if (id < 0) {
            return false;
        }
        Optional<Declaration> w = resolution.globals().get(id).winner();
        return w.isPresent() && w.get().file() == f.order() && w.get().symIndex() == symIndex;
    }
}
