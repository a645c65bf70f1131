package dev.ebld.btf.dedup;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The working state of one {@link Dedup} run: the types by id, and {@code map}, each type's
 * current canonical representative. {@code map[id] == id} marks a canonical type; a chain of
 * map entries always ends at one (or at an unprocessed type). Also holds the two small passes
 * that need nothing more: primitives, and the final resolution of leftover forward declarations.
 */
final class DedupState {
    static final int UNPROCESSED = -1;
    static final int IN_PROGRESS = -2;

    final BtfType[] types;
    final int[] map;
    /**
     * Ids by the pass that settles them, ascending: each pass walks its own kinds instead of all
     * types (why that matters on a cold JVM: docs/performance.md).
     */
    final Ids primitives = new Ids();
    final Ids composites = new Ids();
    final Ids forwards = new Ids();
    final Ids references = new Ids();

    /** A growable list of type ids. */
    static final class Ids {
        int[] ids = new int[16];
        int size;

        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }
    }

    DedupState(Btf btf) {
        int n = btf.typeCount();
        types = new BtfType[n];
        map = new int[n];
        types[0] = BtfType.VoidType.INSTANCE;
        List<BtfType> own = btf.types();
        for (int id = 1; id < n; id++) {
            add(id, own.get(id - 1));
        }
    }

    /**
     * Type {@code id}: stored, listed for the pass that settles it, and its references
     * range-checked (BTF from the reader is checked; BTF built in code, {@link Btf#of}, may not
     * be), all in one switch on its kind.
     */
    private void add(int id, BtfType t) {
        types[id] = t;
        map[id] = UNPROCESSED;
        int n = types.length;
        Ids pass = switch (t.kind()) {
            case VAR -> {
                checkRef(((BtfType.Var) t).type(), id, n);
                // Variables and sections are distinct objects even when they look alike: never merged.
                map[id] = id;
                yield null;
            }
            case DATASEC -> {
                List<BtfType.VarSecinfo> vs = ((BtfType.Datasec) t).vars();
                for (int i = 0; i < vs.size(); i++) {
                    checkRef(vs.get(i).type(), id, n);
                }
                map[id] = id;
                yield null;
            }
            case INT, FLOAT, ENUM, ENUM64 -> primitives;
            case FWD -> {
                forwards.add(id);
                yield primitives;
            }
            case STRUCT, UNION -> {
                List<BtfType.Member> ms = ((BtfType.Composite) t).members();
                for (int i = 0; i < ms.size(); i++) {
                    checkRef(ms.get(i).type(), id, n);
                }
                yield composites;
            }
            // VOID only in BTF built in code; it has no references and stands for itself
            case PTR, ARRAY, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, DECL_TAG, TYPE_TAG, VOID -> {
                for (int i = 0, refs = DedupRefs.refCount(t); i < refs; i++) {
                    checkRef(DedupRefs.refAt(t, i), id, n);
                }
                yield references;
            }
        };
        if (pass != null) {
            pass.add(id);
        }
    }

    private static void checkRef(int r, int id, int n) {
        if (r < 0 || r >= n) {
            throw new IllegalArgumentException("type [" + id + "] refers to type id " + r + ", only " + n + " exist");
        }
    }

    int size() {
        return types.length;
    }

    boolean mapped(int id) {
        return map[id] >= 0;
    }

    /** The canonical type {@code id} currently stands for (itself if unprocessed). */
    int resolve(int id) {
        while (map[id] >= 0 && map[id] != id) {
            id = map[id];
        }
        return id;
    }

    /** For a FWD already resolved to a STRUCT/UNION, that type; otherwise {@code id}. */
    int resolveFwd(int id) {
        if (types[id].kind() != BtfKind.FWD) {
            return id;
        }
        int r = resolve(id);
        return types[r].kind() == BtfKind.FWD ? id : r;
    }

    static BtfKind fwdKind(BtfType fwd) {
        return ((BtfType.Fwd) fwd).isUnion() ? BtfKind.UNION : BtfKind.STRUCT;
    }

    /**
     * Pass 2: INT, FLOAT, FWD, ENUM and ENUM64 refer to nothing, so equal signatures mean equal
     * types. An enum without values (a forward-declared enum) joins a full enum of the same name
     * and size, whichever comes first.
     */
    void dedupPrimitives() {
        DedupTable table = new DedupTable(primitives.size);
        DedupTable enums = new DedupTable(primitives.size / 4);
        DedupTable enumNames = new DedupTable(primitives.size / 4);
        for (int i = 0; i < primitives.size; i++) {
            int id = primitives.ids[i];
            BtfType t = types[id];
            map[id] = switch (t.kind()) {
                case INT, FLOAT, FWD -> dedupPrimitive(table, id);
                case ENUM, ENUM64 -> DedupKeys.enumCount(t) == 0 ? dedupEnumForward(enumNames, id)
                        : dedupEnum(enums, enumNames, id);
                // add() puts only the kinds above in this pass
                case VOID, PTR, ARRAY, STRUCT, UNION, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR,
                        DATASEC, DECL_TAG, TYPE_TAG -> throw new IllegalStateException("not a primitive: " + t.kind());
            };
        }
    }

    private int dedupPrimitive(DedupTable table, int id) {
        int h = DedupKeys.primHash(types[id]);
        for (int e = table.first(h); e >= 0; e = table.next(e)) {
            if (DedupKeys.primEqual(types[id], types[table.id(e)])) {
                return table.id(e);
            }
        }
        table.add(h, id);
        return id;
    }

    /** A forward-declared enum joins the first enum of its name, kind and size. */
    private int dedupEnumForward(DedupTable enumNames, int id) {
        BtfType t = types[id];
        int h = DedupKeys.enumNameHash(t);
        for (int e = enumNames.first(h); e >= 0; e = enumNames.next(e)) {
            if (DedupKeys.enumCompatible(t, types[enumNames.id(e)])) {
                return enumNames.id(e);
            }
        }
        enumNames.add(h, id);
        return id;
    }

    /** A full enum joins an equal one; earlier forward declarations of its name now stand for it. */
    private int dedupEnum(DedupTable enums, DedupTable enumNames, int id) {
        BtfType t = types[id];
        int full = DedupKeys.enumFullHash(t);
        int canon = id;
        for (int e = enums.first(full); e >= 0; e = enums.next(e)) {
            if (DedupKeys.enumEqual(t, types[enums.id(e)])) {
                canon = enums.id(e);
                break;
            }
        }
        if (t.name().isEmpty()) {
            // Only named enums can be forward-declared: skip the scan over look-alike anonymous ones.
            if (canon == id) {
                enums.add(full, id);
            }
            return canon;
        }
        int h = DedupKeys.enumNameHash(t);
        for (int e = enumNames.first(h); e >= 0; e = enumNames.next(e)) {
            int c = enumNames.id(e);
            if (map[c] == c && DedupKeys.enumCount(types[c]) == 0 && DedupKeys.enumCompatible(t, types[c])) {
                map[c] = canon;
            }
        }
        if (canon == id) {
            enums.add(full, id);
            enumNames.add(h, id);
        }
        return canon;
    }

    /**
     * Pass 4: a FWD that no struct graph walk resolved (say {@code struct foo *p} in one input,
     * {@code struct foo {...}} in another, never compared) is resolved to the one canonical
     * STRUCT or UNION of its name and kind, if that name is unambiguous.
     */
    void resolveForwards() {
        if (forwards.size == 0) {
            return;
        }
        Map<String, Integer> unique = new HashMap<>();
        for (int i = 0; i < composites.size; i++) {
            int id = composites.ids[i];
            BtfType t = types[id];
            if (map[id] == id) {
                Integer prev = unique.putIfAbsent(t.name(), id);
                if (prev != null && prev != id) {
                    unique.put(t.name(), -1);
                }
            }
        }
        for (int i = 0; i < forwards.size; i++) {
            int id = forwards.ids[i];
            BtfType t = types[id];
            if (map[id] == id) {
                Integer c = unique.get(t.name());
                if (c != null && c >= 0 && types[c].kind() == fwdKind(t)) {
                    map[id] = c;
                }
            }
        }
    }
}
