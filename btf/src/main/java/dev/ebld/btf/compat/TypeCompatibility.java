package dev.ebld.btf.compat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.compat.CompatResult.Kind;

/**
 * Type compatibility checks between two BTF blobs for the linker: an extern against its
 * definition, two declarations of a map. (Program loading's freplace rule is
 * {@link FreplaceCompat}.) Each side is named by an origin label such as {@code a.o}; every
 * mismatch comes back as a {@link CompatResult} with the reason and both sides in C.
 *
 * <p>The rules mirror their references: {@link ExternCompat} follows libbpf's static linker
 * and {@link MapDef} libbpf's map-definition parser and {@code map_defs_match}.
 */
public final class TypeCompatibility {
    private TypeCompatibility() {
    }

    /**
     * An extern FUNC or VAR ({@code aId} in {@code a}) against a definition or another extern
     * ({@code bId} in {@code b}), by libbpf's static-linker rules: modifiers and typedefs are
     * ignored, functions compare by prototype ignoring parameter names, variables by type.
     * Map VARs in {@code .maps} need {@link #mapMatches} instead.
     */
    public static CompatResult externMatches(String aOrigin, Btf a, int aId, String bOrigin, Btf b, int bId) {
        BtfType ta = a.type(aId);
        BtfType tb = b.type(bId);
        String symbol = ta.name().isEmpty() ? tb.name() : ta.name();
        for (BtfType t : new BtfType[] {ta, tb}) {
            if (t.kind() != BtfKind.FUNC && t.kind() != BtfKind.VAR) {
                return result(Kind.INVALID, symbol, "only variables and functions can be extern, got "
                        + t.kind().label(), aOrigin, a, aId, bOrigin, b, bId);
            }
        }
        String why = new ExternCompat(a, aOrigin, b, bOrigin).mismatch(aId, bId, true, 0);
        return result(why == null ? Kind.OK : Kind.TYPE_MISMATCH, symbol, why, aOrigin, a, aId, bOrigin, b, bId);
    }

    /**
     * Whether {@link #externMatches(String, Btf, int, String, Btf, int)} would report a match,
     * without spelling either side in C. A linker checks every extern and nearly all of them
     * match: it asks this first and builds the full result only for a mismatch.
     */
    public static boolean externAgrees(Btf a, int aId, Btf b, int bId) {
        BtfKind ka = a.type(aId).kind();
        BtfKind kb = b.type(bId).kind();
        if (ka != BtfKind.FUNC && ka != BtfKind.VAR || kb != BtfKind.FUNC && kb != BtfKind.VAR) {
            return false;
        }
        return new ExternCompat(a, "", b, "").mismatch(aId, bId, true, 0) == null;
    }

    /** Whether {@link #mapMatches} would report a match, without spelling either side. */
    public static boolean mapAgrees(Btf a, int aVarId, Btf b, int bVarId) {
        try {
            MapDef da = MapDef.ofVar(a, aVarId);
            MapDef db = MapDef.ofVar(b, bVarId);
            return mapMismatch(new ExternCompat(a, "", b, ""), da, db, "") == null;
        } catch (MapDef.InvalidMapException e) {
            return false;
        }
    }

    /** {@link #externMatches(String, Btf, int, String, Btf, int)} with origins "first" and "second". */
    public static CompatResult externMatches(Btf a, int aId, Btf b, int bId) {
        return externMatches("first", a, aId, "second", b, bId);
    }

    /**
     * Two declarations of a BTF-defined map (VARs in {@code .maps}) must agree exactly, as libbpf
     * requires: map type, key and value sizes and types (compared exactly, struct members
     * included), max_entries, map_flags, numa_node, pinning, and the inner map of a map-in-map,
     * recursively. Also compares {@code map_extra}, which libbpf does not.
     */
    public static CompatResult mapMatches(String aOrigin, Btf a, int aVarId, String bOrigin, Btf b, int bVarId) {
        String symbol = a.type(aVarId).name();
        MapDef da;
        MapDef db;
        try {
            da = MapDef.ofVar(a, aVarId);
        } catch (MapDef.InvalidMapException e) {
            return mapResult(Kind.INVALID, symbol, "invalid map definition in " + aOrigin + ": " + e.getMessage(),
                    aOrigin, a, aVarId, bOrigin, b, bVarId);
        }
        try {
            db = MapDef.ofVar(b, bVarId);
        } catch (MapDef.InvalidMapException e) {
            return mapResult(Kind.INVALID, symbol, "invalid map definition in " + bOrigin + ": " + e.getMessage(),
                    aOrigin, a, aVarId, bOrigin, b, bVarId);
        }
        ExternCompat types = new ExternCompat(a, aOrigin, b, bOrigin);
        String why = mapMismatch(types, da, db, "");
        return mapResult(why == null ? Kind.OK : Kind.MAP_MISMATCH, symbol, why, aOrigin, a, aVarId, bOrigin, b, bVarId);
    }

    /** True when VAR {@code varId} sits in a DATASEC named {@code .maps}: check it with {@link #mapMatches}. */
    public static boolean isMapVar(Btf btf, int varId) {
        for (int id = btf.firstId(); id < btf.typeCount(); id++) {
            if (btf.type(id) instanceof BtfType.Datasec d && d.name().equals(".maps")) {
                for (BtfType.VarSecinfo v : d.vars()) {
                    if (v.type() == varId) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String mapMismatch(ExternCompat types, MapDef a, MapDef b, String prefix) {
        String field = firstDifferentField(a, b);
        if (field != null) {
            return prefix + field;
        }
        if (a.keyType() != 0 && types.mismatch(a.keyType(), b.keyType(), true, 0) != null) {
            return prefix + "key type: " + types.mismatch(a.keyType(), b.keyType(), true, 0);
        }
        if (a.valueType() != 0 && types.mismatch(a.valueType(), b.valueType(), true, 0) != null) {
            return prefix + "value type: " + types.mismatch(a.valueType(), b.valueType(), true, 0);
        }
        if ((a.inner() == null) != (b.inner() == null)) {
            return prefix + "inner map: present on one side only";
        }
        return a.inner() == null ? null : mapMismatch(types, a.inner(), b.inner(), prefix + "inner map: ");
    }

    /** The first differing field in libbpf's order, or null. */
    private static String firstDifferentField(MapDef a, MapDef b) {
        if (a.type() != b.type()) {
            return "type differs (" + mapType(a.type()) + " vs " + mapType(b.type()) + ")";
        }
        if (a.keySize() != b.keySize()) {
            return differs("key_size", a.keySize(), b.keySize());
        }
        if ((a.keyType() == 0) != (b.keyType() == 0)) {
            return "key type given on one side only";
        }
        if (a.valueSize() != b.valueSize()) {
            return differs("value_size", a.valueSize(), b.valueSize());
        }
        if ((a.valueType() == 0) != (b.valueType() == 0)) {
            return "value type given on one side only";
        }
        String[] names = {"max_entries", "map_flags", "numa_node", "pinning", "map_extra"};
        long[] va = {a.maxEntries(), a.flags(), a.numaNode(), a.pinning(), a.mapExtra()};
        long[] vb = {b.maxEntries(), b.flags(), b.numaNode(), b.pinning(), b.mapExtra()};
        for (int i = 0; i < names.length; i++) {
            if (va[i] != vb[i]) {
                return differs(names[i], va[i], vb[i]);
            }
        }
        return null;
    }

    private static String differs(String field, long a, long b) {
        return field + " differs (" + a + " vs " + b + ")";
    }

    private static String mapType(long t) {
        return t >= 0 && t < MapDef.MAP_TYPES.length ? MapDef.MAP_TYPES[(int) t] : Long.toString(t);
    }

    private static CompatResult result(Kind kind, String symbol, String why, String aOrigin, Btf a, int aId,
                                       String bOrigin, Btf b, int bId) {
        return CompatResult.spelled(kind, symbol, why, aOrigin, a, aId, bOrigin, b, bId);
    }

    private static CompatResult mapResult(Kind kind, String symbol, String why, String aOrigin, Btf a, int aId,
                                             String bOrigin, Btf b, int bId) {
        return new CompatResult(kind, symbol, why == null ? "" : why, aOrigin, MapDef.spell(a, aId),
                bOrigin, MapDef.spell(b, bId));
    }
}
