package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    /** The kept input types in output id order: output id {@code i + 1} is type {@code keptId[i]} of file {@code keptFile[i]}. */
    private int[] keptFile;
    private int[] keptId;
    private int keptCount;
    /** Per file order, input id to output id; null for a file without BTF. */
    private final int[][] idMaps;
    /** Per file order, input id to the global a non-static VAR or FUNC names (null otherwise). */
    private final GlobalSymbol[][] globals;

    private BtfTypeMap(int files, int expected) {
        keptFile = new int[expected];
        keptId = new int[expected];
        idMaps = new int[files][];
        globals = new GlobalSymbol[files][];
    }

    static BtfTypeMap assign(InputSet inputs, Resolution resolution) {
        List<InputFile> files = inputs.files();
        int total = 0;
        for (InputFile f : files) {
            total += f.btf().isPresent() ? f.btf().get().typeCount() : 0;
        }
        BtfTypeMap m = new BtfTypeMap(files.size(), Math.max(16, total));
        Map<String, GlobalSymbol> byName = resolution.byName();
        Map<String, Integer> canonical = new HashMap<>();
        List<int[]> deferred = new ArrayList<>();
        for (InputFile f : files) {
            if (f.btf().isEmpty()) {
                continue;
            }
            Btf btf = f.btf().get();
            List<BtfType> types = btf.types();
            int[] map = new int[btf.typeCount()];
            GlobalSymbol[] named = new GlobalSymbol[btf.typeCount()];
            m.idMaps[f.order()] = map;
            m.globals[f.order()] = named;
            for (int id = 1; id < map.length; id++) {
                BtfType t = types.get(id - 1);
                if (t.kind() == BtfKind.DATASEC) {
                    continue;
                }
                GlobalSymbol g = BtfIds.isNonStatic(t) ? byName.get(t.name()) : null;
                named[id] = g;
                if (g != null && canonicalFile(g) != f.order()) {
                    deferred.add(new int[] {f.order(), id});
                    continue;
                }
                map[id] = m.keep(f.order(), id);
                if (g != null) {
                    canonical.putIfAbsent(t.name(), map[id]);
                }
            }
        }
        for (int[] d : deferred) {
            String name = m.globals[d[0]][d[1]].name();
            Integer c = canonical.get(name);
            if (c == null) {
                // The canonical file had no BTF for it: the first other description becomes canonical.
                c = m.keep(d[0], d[1]);
                canonical.put(name, c);
            }
            m.idMaps[d[0]][d[1]] = c;
        }
        return m;
    }

    private int keep(int file, int id) {
        if (keptCount == keptFile.length) {
            keptFile = Arrays.copyOf(keptFile, keptCount * 2);
            keptId = Arrays.copyOf(keptId, keptCount * 2);
        }
        keptFile[keptCount] = file;
        keptId[keptCount] = id;
        return ++keptCount;
    }

    private static int canonicalFile(GlobalSymbol g) {
        return g.winner().orElse(g.declarations().get(0)).file();
    }

    /** Number of kept input types: output ids 1 to this. */
    int keptCount() {
        return keptCount;
    }

    /** File order of the input type that output id {@code i + 1} stands for. */
    int keptFile(int i) {
        return keptFile[i];
    }

    /** Input id of the type that output id {@code i + 1} stands for. */
    int keptId(int i) {
        return keptId[i];
    }

    /** Output id of input type {@code id} of {@code file}; 0 stays 0 (void). */
    int map(int file, int id) {
        int[] m = idMaps[file];
        return m == null || id <= 0 || id >= m.length ? 0 : m[id];
    }

    /** Input id to output id for {@code file} (index 0, void, is 0); null when the file has no BTF. */
    int[] idMap(int file) {
        return idMaps[file];
    }

    /** The global that type {@code id} of {@code file} describes, or null for any other type. */
    GlobalSymbol global(int file, int id) {
        GlobalSymbol[] g = globals[file];
        return g == null || id <= 0 || id >= g.length ? null : g[id];
    }
}
