package dev.ebld.btf.dedup;

import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.List;

/**
 * Type signatures for {@link Dedup}: a hash and an equality per kind family. Names are
 * compared as strings (not offsets) so any input works, whatever its string section holds.
 * <ul>
 * <li>primitive (INT, FLOAT, FWD, ENUM, ENUM64): every field; enums hash without their values
 *     so a forward-declared enum (no values) meets its full definition;</li>
 * <li>composite "shallow" signature: name, kind_flag, size, member names and offsets, not the
 *     member types (those are settled by the graph walk in {@link DedupEquiv});</li>
 * <li>reference kinds: every field including referenced ids, which by then are canonical.</li>
 * </ul>
 */
final class DedupKeys {
    private DedupKeys() {
    }

    private static int mix(int h, int v) {
        return h * 31 + v;
    }

    private static int common(BtfType t) {
        return mix(mix(t.kind().code(), t.name().hashCode()), t.kindFlag() ? 1 : 0);
    }

    /** Name, kind and kind_flag equal: the part of libbpf's {@code btf_equal_common} every kind shares. */
    static boolean sameHead(BtfType a, BtfType b) {
        return a.kind() == b.kind() && a.kindFlag() == b.kindFlag() && a.name().equals(b.name());
    }

    static int primHash(BtfType t) {
        return switch (t.kind()) {
            case INT -> {
                BtfType.IntType i = (BtfType.IntType) t;
                yield mix(mix(mix(mix(common(t), i.size()), i.encoding()), i.offset()), i.bits());
            }
            case FLOAT -> mix(common(t), ((BtfType.FloatType) t).size());
            case ENUM, ENUM64 -> enumNameHash(t);
            // FWD; the other kinds are never primitives, and hash their head alone
            case VOID, FWD, PTR, ARRAY, STRUCT, UNION, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR,
                    DATASEC, DECL_TAG, TYPE_TAG -> common(t);
        };
    }

    /** Name, kind, kind_flag and size: what a forward-declared enum shares with its definition. */
    static int enumNameHash(BtfType t) {
        return mix(common(t), enumSize(t));
    }

    /** {@link #enumNameHash} plus every enumerator. */
    static int enumFullHash(BtfType t) {
        int h = mix(enumNameHash(t), enumCount(t));
        if (t instanceof BtfType.EnumType e) {
            for (BtfType.EnumValue v : e.values()) {
                h = mix(mix(h, v.name().hashCode()), v.value());
            }
        } else {
            for (BtfType.Enum64Value v : ((BtfType.Enum64Type) t).values()) {
                h = mix(mix(h, v.name().hashCode()), Long.hashCode(v.value()));
            }
        }
        return h;
    }

    /** INT, FLOAT, FWD: every field equal. */
    static boolean primEqual(BtfType a, BtfType b) {
        if (!sameHead(a, b)) {
            return false;
        }
        if (a instanceof BtfType.IntType x) {
            BtfType.IntType y = (BtfType.IntType) b;
            return x.size() == y.size() && x.encoding() == y.encoding() && x.offset() == y.offset()
                    && x.bits() == y.bits();
        }
        if (a instanceof BtfType.FloatType x) {
            return x.size() == ((BtfType.FloatType) b).size();
        }
        return true;
    }

    static int enumCount(BtfType t) {
        return t instanceof BtfType.EnumType e ? e.values().size() : ((BtfType.Enum64Type) t).values().size();
    }

    private static int enumSize(BtfType t) {
        return ((BtfType.Sized) t).size();
    }

    /** ENUM or ENUM64 with the same name, size and enumerators. */
    static boolean enumEqual(BtfType a, BtfType b) {
        if (!sameHead(a, b) || enumSize(a) != enumSize(b) || enumCount(a) != enumCount(b)) {
            return false;
        }
        if (a instanceof BtfType.EnumType x) {
            List<BtfType.EnumValue> va = x.values();
            List<BtfType.EnumValue> vb = ((BtfType.EnumType) b).values();
            for (int i = 0; i < va.size(); i++) {
                if (va.get(i).value() != vb.get(i).value() || !va.get(i).name().equals(vb.get(i).name())) {
                    return false;
                }
            }
            return true;
        }
        List<BtfType.Enum64Value> va = ((BtfType.Enum64Type) a).values();
        List<BtfType.Enum64Value> vb = ((BtfType.Enum64Type) b).values();
        for (int i = 0; i < va.size(); i++) {
            if (va.get(i).value() != vb.get(i).value() || !va.get(i).name().equals(vb.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    /** Equal, or one is a forward-declared enum (no values) with the other's name and size. */
    static boolean enumCompatible(BtfType a, BtfType b) {
        if (enumCount(a) != 0 && enumCount(b) != 0) {
            return enumEqual(a, b);
        }
        return sameHead(a, b) && enumSize(a) == enumSize(b);
    }

    /**
     * The composite's shallow signature, sharpened by a few levels of each member's type shape
     * ({@link #shape}). Two composites the graph walk would find equivalent always hash alike;
     * most that it would reject no longer meet at all. That spares a walk per pair: the kernel
     * has thousands of look-alike anonymous unions ({@code {event; handler}}) that differ only
     * in a function pointer's prototype.
     */
    static int structHash(BtfType.Composite c, DedupState s) {
        int h = mix(mix(common(c), c.size()), c.members().size());
        for (BtfType.Member m : c.members()) {
            h = mix(mix(mix(h, m.name().hashCode()), m.bitOffset()), m.bitfieldSize());
            h = mix(h, shape(s, m.type(), SHAPE_DEPTH));
        }
        return h;
    }

    private static final int SHAPE_DEPTH = 3;

    /**
     * What the graph walk cannot change about a type, to {@code depth} levels: a settled
     * primitive (INT, FLOAT) by its canonical id; enums, structs, unions and forward declarations
     * by kind (a FWD counting as the kind it declares) and name, which every merge preserves;
     * reference kinds by their own fields and their target's shape.
     */
    private static int shape(DedupState s, int id, int depth) {
        BtfType t = s.types[id];
        return switch (t.kind()) {
            case VOID -> 0;
            case INT, FLOAT -> s.resolve(id);
            case FWD -> mix(DedupState.fwdKind(t).code(), t.name().hashCode());
            case ENUM, ENUM64, STRUCT, UNION -> mix(t.kind().code(), t.name().hashCode());
            case PTR, ARRAY, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR, DATASEC, DECL_TAG, TYPE_TAG ->
                referenceShape(s, t, depth);
        };
    }

    /** {@link #shape} of a kind that refers to others: its own fields, then its targets' shapes. */
    private static int referenceShape(DedupState s, BtfType t, int depth) {
        int h = mix(mix(common(t), extra(t)), 7);
        if (depth == 0) {
            return h;
        }
        if (t instanceof BtfType.Array a) {
            return mix(h, shape(s, a.elemType(), depth - 1));
        }
        if (t instanceof BtfType.FuncProto p) {
            h = mix(h, shape(s, p.returnType(), depth - 1));
            for (BtfType.Param q : p.params()) {
                h = mix(mix(h, q.name().hashCode()), shape(s, q.type(), depth - 1));
            }
            return h;
        }
        if (t instanceof BtfType.Ref r && t.kind() != BtfKind.DECL_TAG && t.kind() != BtfKind.VAR) {
            return mix(h, shape(s, r.type(), depth - 1));
        }
        return h;
    }

    /** Same composite signature, member types aside. */
    static boolean structShallowEqual(BtfType a, BtfType b) {
        if (!sameHead(a, b) || !a.kind().isComposite()) {
            return false;
        }
        BtfType.Composite x = (BtfType.Composite) a;
        BtfType.Composite y = (BtfType.Composite) b;
        if (x.size() != y.size() || x.members().size() != y.members().size()) {
            return false;
        }
        for (int i = 0; i < x.members().size(); i++) {
            BtfType.Member m = x.members().get(i);
            BtfType.Member n = y.members().get(i);
            if (m.bitOffset() != n.bitOffset() || m.bitfieldSize() != n.bitfieldSize() || !m.name().equals(n.name())) {
                return false;
            }
        }
        return true;
    }

    /** Same composite down to the member type ids. */
    static boolean structIdentical(BtfType a, BtfType b) {
        if (!structShallowEqual(a, b)) {
            return false;
        }
        List<BtfType.Member> x = ((BtfType.Composite) a).members();
        List<BtfType.Member> y = ((BtfType.Composite) b).members();
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i).type() != y.get(i).type()) {
                return false;
            }
        }
        return true;
    }

    /** The part of a reference kind's signature that is not a type id: head, extra field, parameter names. */
    static int refHead(BtfType t) {
        int h = mix(common(t), extra(t));
        if (t instanceof BtfType.FuncProto p) {
            List<BtfType.Param> ps = p.params();
            for (int i = 0; i < ps.size(); i++) {
                h = mix(h, ps.get(i).name().hashCode());
            }
        }
        return h;
    }

    /** Reference kinds equal field by field, referenced ids included (as stored). */
    static boolean refEqual(BtfType a, BtfType b) {
        if (!sameHead(a, b) || extra(a) != extra(b)) {
            return false;
        }
        if (a instanceof BtfType.FuncProto p) {
            BtfType.FuncProto q = (BtfType.FuncProto) b;
            if (p.returnType() != q.returnType()) {
                return false;
            }
            for (int i = 0; i < p.params().size(); i++) {
                BtfType.Param x = p.params().get(i);
                BtfType.Param y = q.params().get(i);
                if (x.type() != y.type() || !x.name().equals(y.name())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof BtfType.Array x) {
            BtfType.Array y = (BtfType.Array) b;
            return x.elemType() == y.elemType() && x.indexType() == y.indexType();
        }
        return ((BtfType.Ref) a).type() == ((BtfType.Ref) b).type();
    }

    /**
     * The non-reference field each reference kind adds to its signature: FUNC linkage, ARRAY
     * length, DECL_TAG component index, FUNC_PROTO parameter count.
     */
    static int extra(BtfType t) {
        if (t instanceof BtfType.Func f) {
            return f.linkage();
        }
        if (t instanceof BtfType.Array a) {
            return a.nelems();
        }
        if (t instanceof BtfType.DeclTag d) {
            return d.componentIdx();
        }
        if (t instanceof BtfType.FuncProto p) {
            return p.params().size();
        }
        return 0;
    }

    /** Parameter names equal, types aside (libbpf's {@code btf_compat_fnproto}). */
    static boolean protoShallowEqual(BtfType.FuncProto p, BtfType.FuncProto q) {
        if (!sameHead(p, q) || p.params().size() != q.params().size()) {
            return false;
        }
        for (int i = 0; i < p.params().size(); i++) {
            if (!p.params().get(i).name().equals(q.params().get(i).name())) {
                return false;
            }
        }
        return true;
    }
}
