package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Assigns output BTF ids to the input types, in link order. Two kinds of input type do not
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
 * Everything else is kept here, including types the link leaves unreferenced (the prototype of
 * a resolved extern, the VAR of a second license copy); {@link DeadTypes} drops those, and BTF
 * dedup folds the repeats. For that this map also answers which input types no other type of
 * their own file refers to: what an input defined at top level, which survives the link.
 */
final class BtfTypeMap {
    private final List<InputFile> files;
    private final Resolution resolution;
    /** The kept input types in output id order: output id {@code i + 1} is type {@code keptId[i]} of file {@code keptFile[i]}. */
    private int[] keptFile;
    private int[] keptId;
    private int keptCount;
    /** Per file order, input id to output id; null for a file without BTF. */
    private final int[][] idMaps;
    /** Per file order, input id to the global a non-static VAR or FUNC names (null otherwise). */
    private final GlobalSymbol[][] globals;
    /** Per file order, by input id: some type of the same file refers to it; filled on demand. */
    private final boolean[][] referenced;
    /** {file order, input id} of every DATASEC, in link order. */
    private final List<int[]> datasecs = new ArrayList<>();
    /** {file order, input id} of globals described in a file that is not their canonical one. */
    private final List<int[]> deferred = new ArrayList<>();

    private BtfTypeMap(List<InputFile> files, Resolution resolution, int expected) {
        this.files = files;
        this.resolution = resolution;
        keptFile = new int[expected];
        keptId = new int[expected];
        idMaps = new int[files.size()][];
        globals = new GlobalSymbol[files.size()][];
        referenced = new boolean[files.size()][];
    }

    static BtfTypeMap assign(InputSet inputs, Resolution resolution) {
        List<InputFile> files = inputs.files();
        int total = 0;
        for (InputFile f : files) {
            total += f.btf().isPresent() ? f.btf().get().typeCount() : 0;
        }
        BtfTypeMap m = new BtfTypeMap(files, resolution, Math.max(16, total));
        for (InputFile f : files) {
            if (f.btf().isPresent()) {
                Btf btf = f.btf().get();
                int file = f.order();
                m.idMaps[file] = new int[btf.typeCount()];
                m.globals[file] = new GlobalSymbol[btf.typeCount()];
                List<BtfType> types = btf.types();
                for (int id = 1, n = types.size(); id <= n; id++) {
                    m.assign(file, id, types.get(id - 1));
                }
            }
        }
        m.assignDeferred();
        return m;
    }

    /**
     * Type {@code id} of {@code file}. A method per type rather than a loop body: a cold link
     * runs the loop in the interpreter, but this gets compiled after a few hundred calls.
     */
    private void assign(int file, int id, BtfType t) {
        if (t.kind() == BtfKind.DATASEC) {
            datasecs.add(new int[] {file, id});
            return;
        }
        int gid = BtfIds.isNonStatic(t) ? resolution.idOf(t.name()) : -1;
        GlobalSymbol g = gid < 0 ? null : resolution.globals().get(gid);
        globals[file][id] = g;
        if (g != null && canonicalFile(g) != file) {
            deferred.add(new int[] {file, id});
        } else {
            idMaps[file][id] = keep(file, id);
        }
    }

    /**
     * Maps each deferred VAR or FUNC to its global's canonical description: the first one in the
     * canonical file (what that file's {@link BtfIndex} lists), or, when the canonical file has
     * no BTF for it, the first other description, which is kept.
     */
    private void assignDeferred() {
        Map<String, Integer> fallback = new HashMap<>();
        for (int[] d : deferred) {
            GlobalSymbol g = globals[d[0]][d[1]];
            int cf = canonicalFile(g);
            Integer inCanonical = files.get(cf).btfIndex().globals().get(g.name());
            int c;
            if (inCanonical != null) {
                c = idMaps[cf][inCanonical];
            } else {
                Integer first = fallback.get(g.name());
                c = first != null ? first : keep(d[0], d[1]);
                fallback.putIfAbsent(g.name(), c);
            }
            idMaps[d[0]][d[1]] = c;
        }
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

    /**
     * The kept input types in output id order, their references mapped to output ids. Names
     * keep their input offsets: dedup rebuilds the string section from the names themselves,
     * so re-pointing them here would be thrown away.
     */
    List<BtfType> keptTypes() {
        // Plain arrays per file, so the loop over every kept type (interpreted in a cold link)
        // makes two calls per type, not five.
        BtfType[][] types = new BtfType[files.size()][];
        IntUnaryOperator[] remaps = new IntUnaryOperator[files.size()];
        for (InputFile f : files) {
            int[] map = idMaps[f.order()];
            if (map != null) {
                types[f.order()] = f.btf().get().types().toArray(new BtfType[0]);
                remaps[f.order()] = id -> map[id];
            }
        }
        List<BtfType> out = new ArrayList<>(keptCount + 8);
        for (int i = 0; i < keptCount; i++) {
            out.add(remapKept(types, remaps, i));
        }
        return out;
    }

    /** Kept type {@code i} with its references mapped; a method of its own for C1's sake. */
    private BtfType remapKept(BtfType[][] types, IntUnaryOperator[] remaps, int i) {
        return types[keptFile[i]][keptId[i] - 1].remap(remaps[keptFile[i]]);
    }

    /**
     * Whether kept type {@code outId} is one no other type of its input file referred to, such
     * as a type a program names only through {@code BTF_TYPE_EMIT}: such types survive the link
     * whatever refers to them afterwards. A file's references are collected on the first
     * question about it; most links never ask.
     */
    boolean topLevel(int outId) {
        int file = keptFile[outId - 1];
        if (referenced[file] == null) {
            List<BtfType> types = files.get(file).btf().get().types();
            boolean[] r = new boolean[types.size() + 1];
            for (BtfType t : types) {
                for (int ref : t.refs()) {
                    r[ref] = true;
                }
            }
            referenced[file] = r;
        }
        return !referenced[file][keptId[outId - 1]];
    }

    /** Number of kept input types: they have output ids 1 to this. */
    int keptCount() {
        return keptCount;
    }

    /** {file order, input id} of every input DATASEC, in link order. */
    List<int[]> datasecs() {
        return datasecs;
    }

    /** Output id of input type {@code id} of {@code file}; 0 stays 0 (void). */
    int map(int file, int id) {
        int[] m = idMaps[file];
        return m == null || id <= 0 || id >= m.length ? 0 : m[id];
    }

    /** The global that type {@code id} of {@code file} describes, or null for any other type. */
    GlobalSymbol global(int file, int id) {
        GlobalSymbol[] g = globals[file];
        return g == null || id <= 0 || id >= g.length ? null : g[id];
    }
}
