package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assigns output BTF ids to the input types, in link order. Three kinds of input type do not
 * get an id of their own:
 *
 * <ul>
 *   <li>DATASECs, which are rebuilt for the output sections afterwards;</li>
 *   <li>the VAR or FUNC of a global in every file but the one whose declaration is canonical
 *       (the winner's, or the first extern's for an undefined name): they are mapped to the
 *       canonical one, so an extern's VAR/FUNC becomes the definition's and no duplicate named
 *       global remains.</li>
 * </ul>
 *
 * Everything else (including now-unreferenced prototypes of resolved externs) is kept; BTF
 * dedup can shrink it later.
 */
final class BtfTypeMap {
    /** One kept input type: file order and input id, listed in output id order. */
    record Kept(int file, int id) {
    }

    final List<Kept> kept = new ArrayList<>();
    final Map<Integer, int[]> idMaps = new HashMap<>();

    static BtfTypeMap assign(InputSet inputs, Resolution resolution) {
        BtfTypeMap m = new BtfTypeMap();
        Map<String, Integer> canonical = new HashMap<>();
        List<int[]> deferred = new ArrayList<>();
        for (InputFile f : inputs.files()) {
            if (f.btf().isEmpty()) {
                continue;
            }
            Btf btf = f.btf().get();
            int[] map = new int[btf.typeCount()];
            m.idMaps.put(f.order(), map);
            for (int id = 1; id < btf.typeCount(); id++) {
                BtfType t = btf.type(id);
                if (t.kind() == BtfKind.DATASEC) {
                    continue;
                }
                Optional<GlobalSymbol> g = BtfIds.isNonStatic(t) ? resolution.find(t.name()) : Optional.empty();
                if (g.isPresent() && canonicalFile(g.get()) != f.order()) {
                    deferred.add(new int[] {f.order(), id});
                    continue;
                }
                map[id] = m.keep(f.order(), id);
                if (g.isPresent()) {
                    canonical.putIfAbsent(t.name(), map[id]);
                }
            }
        }
        for (int[] d : deferred) {
            Btf btf = inputs.files().get(d[0]).btf().get();
            String name = btf.type(d[1]).name();
            Integer c = canonical.get(name);
            if (c == null) {
                // The canonical file had no BTF for it: the first other description becomes canonical.
                c = m.keep(d[0], d[1]);
                canonical.put(name, c);
            }
            m.idMaps.get(d[0])[d[1]] = c;
        }
        return m;
    }

    private int keep(int file, int id) {
        kept.add(new Kept(file, id));
        return kept.size();
    }

    private static int canonicalFile(GlobalSymbol g) {
        return g.winner().orElse(g.declarations().get(0)).file();
    }

    /** Output id of input type {@code id} of {@code file}; 0 stays 0 (void). */
    int map(int file, int id) {
        int[] m = idMaps.get(file);
        return m == null || id <= 0 || id >= m.length ? 0 : m[id];
    }

    int nextId() {
        return kept.size() + 1;
    }
}
