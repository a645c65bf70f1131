package dev.ebld.btf.dedup;

import dev.ebld.btf.BtfStrings;
import dev.ebld.btf.BtfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * A string section being built for merged or deduplicated BTF: each distinct string is stored
 * once, in first-use order, after the empty string at offset 0. {@link #rename} rewrites a
 * type's name offsets (its own and those of members, parameters and enumerators) to point into
 * this section, so types from several blobs can share one.
 */
final class DedupStrings {
    private final Map<String, Integer> offsets;
    private byte[] bytes;
    private int length;

    DedupStrings() {
        this(64);
    }

    /** A section expected to hold about {@code expected} strings. */
    DedupStrings(int expected) {
        offsets = new HashMap<>(Math.max(16, expected * 4 / 3 + 1));
        bytes = new byte[Math.max(1024, expected * 16)];
        add("");
    }

    /** The offset of {@code s}, adding it if new. */
    int add(String s) {
        // One lookup for both the hit and the miss: a new string goes at the current end.
        Integer off = offsets.putIfAbsent(s, length);
        if (off != null) {
            return off;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (length + b.length + 1 > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + b.length + 1));
        }
        System.arraycopy(b, 0, bytes, length, b.length);
        int at = length;
        length += b.length + 1; // the array is zero-filled, so the NUL is already there
        return at;
    }

    /** A read-only view of string to offset, for callers remapping .BTF.ext string references. */
    Map<String, Integer> offsets() {
        return java.util.Collections.unmodifiableMap(offsets);
    }

    BtfStrings build() {
        return BtfStrings.of(Arrays.copyOf(bytes, length));
    }

    /**
     * {@code t} with every name offset pointing into this section (names added as needed) and
     * every type reference mapped through {@code ids}: one copy for both rewrites.
     */
    BtfType rename(BtfType t, IntUnaryOperator ids) {
        String n = t.name();
        int off = add(n);
        if (off == t.nameOff() && unchanged(t, ids)) {
            return t; // the common case for the first input: no copy at all
        }
        return switch (t.kind()) {
            case VOID -> t;
            case INT -> {
                BtfType.IntType i = (BtfType.IntType) t;
                yield new BtfType.IntType(n, off, i.kindFlag(), i.size(), i.encoding(), i.offset(), i.bits());
            }
            case PTR -> new BtfType.Ptr(n, off, t.kindFlag(), ids.applyAsInt(((BtfType.Ptr) t).type()));
            case ARRAY -> {
                BtfType.Array a = (BtfType.Array) t;
                yield new BtfType.Array(n, off, a.kindFlag(), ids.applyAsInt(a.elemType()), ids.applyAsInt(a.indexType()),
                        a.nelems());
            }
            case STRUCT -> {
                BtfType.Struct s = (BtfType.Struct) t;
                yield new BtfType.Struct(n, off, s.kindFlag(), s.size(), members(s.members(), ids));
            }
            case UNION -> {
                BtfType.Union u = (BtfType.Union) t;
                yield new BtfType.Union(n, off, u.kindFlag(), u.size(), members(u.members(), ids));
            }
            case ENUM -> enumType((BtfType.EnumType) t, off);
            case ENUM64 -> enum64((BtfType.Enum64Type) t, off);
            case FWD -> new BtfType.Fwd(n, off, t.kindFlag());
            case TYPEDEF -> new BtfType.Typedef(n, off, t.kindFlag(), ids.applyAsInt(((BtfType.Typedef) t).type()));
            case VOLATILE -> new BtfType.Volatile(n, off, t.kindFlag(), ids.applyAsInt(((BtfType.Volatile) t).type()));
            case CONST -> new BtfType.Const(n, off, t.kindFlag(), ids.applyAsInt(((BtfType.Const) t).type()));
            case RESTRICT -> new BtfType.Restrict(n, off, t.kindFlag(), ids.applyAsInt(((BtfType.Restrict) t).type()));
            case FUNC -> {
                BtfType.Func f = (BtfType.Func) t;
                yield new BtfType.Func(n, off, f.kindFlag(), ids.applyAsInt(f.type()), f.linkage());
            }
            case FUNC_PROTO -> proto((BtfType.FuncProto) t, off, ids);
            case VAR -> {
                BtfType.Var v = (BtfType.Var) t;
                yield new BtfType.Var(n, off, v.kindFlag(), ids.applyAsInt(v.type()), v.linkage());
            }
            case DATASEC -> {
                BtfType.Datasec d = (BtfType.Datasec) t;
                yield new BtfType.Datasec(n, off, d.kindFlag(), d.size(), ((BtfType.Datasec) d.remap(ids)).vars());
            }
            case FLOAT -> new BtfType.FloatType(n, off, t.kindFlag(), ((BtfType.FloatType) t).size());
            case DECL_TAG -> {
                BtfType.DeclTag d = (BtfType.DeclTag) t;
                yield new BtfType.DeclTag(n, off, d.kindFlag(), ids.applyAsInt(d.type()), d.componentIdx());
            }
            case TYPE_TAG -> new BtfType.TypeTag(n, off, t.kindFlag(), ids.applyAsInt(((BtfType.TypeTag) t).type()));
        };
    }

    /**
     * True when {@code t}, whose own name already has this section's offset, has this section's
     * offsets for its other names too and its references map to themselves. Adds its strings in
     * the same order {@link #rename} would.
     */
    private boolean unchanged(BtfType t, IntUnaryOperator ids) {
        if (t instanceof BtfType.Composite c) {
            for (BtfType.Member m : c.members()) {
                if (add(m.name()) != m.nameOff() || ids.applyAsInt(m.type()) != m.type()) {
                    return false;
                }
            }
            return true;
        }
        if (t instanceof BtfType.Datasec d) {
            for (BtfType.VarSecinfo v : d.vars()) {
                if (ids.applyAsInt(v.type()) != v.type()) {
                    return false;
                }
            }
            return true;
        }
        return namesUnchanged(t) && refsUnchanged(t, ids);
    }

    private boolean namesUnchanged(BtfType t) {
        if (t instanceof BtfType.FuncProto p) {
            for (BtfType.Param q : p.params()) {
                if (add(q.name()) != q.nameOff()) {
                    return false;
                }
            }
        } else if (t instanceof BtfType.EnumType e) {
            for (BtfType.EnumValue v : e.values()) {
                if (add(v.name()) != v.nameOff()) {
                    return false;
                }
            }
        } else if (t instanceof BtfType.Enum64Type e) {
            for (BtfType.Enum64Value v : e.values()) {
                if (add(v.name()) != v.nameOff()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean refsUnchanged(BtfType t, IntUnaryOperator ids) {
        for (int i = 0, n = DedupRefs.refCount(t); i < n; i++) {
            int r = DedupRefs.refAt(t, i);
            if (ids.applyAsInt(r) != r) {
                return false;
            }
        }
        return true;
    }

    private List<BtfType.Member> members(List<BtfType.Member> ms, IntUnaryOperator ids) {
        List<BtfType.Member> out = new ArrayList<>(ms.size());
        for (BtfType.Member m : ms) {
            out.add(new BtfType.Member(m.name(), add(m.name()), ids.applyAsInt(m.type()), m.bitOffset(), m.bitfieldSize()));
        }
        return out;
    }

    private BtfType enumType(BtfType.EnumType e, int off) {
        List<BtfType.EnumValue> vs = new ArrayList<>(e.values().size());
        for (BtfType.EnumValue v : e.values()) {
            vs.add(new BtfType.EnumValue(v.name(), add(v.name()), v.value()));
        }
        return new BtfType.EnumType(e.name(), off, e.kindFlag(), e.size(), vs);
    }

    private BtfType enum64(BtfType.Enum64Type e, int off) {
        List<BtfType.Enum64Value> vs = new ArrayList<>(e.values().size());
        for (BtfType.Enum64Value v : e.values()) {
            vs.add(new BtfType.Enum64Value(v.name(), add(v.name()), v.value()));
        }
        return new BtfType.Enum64Type(e.name(), off, e.kindFlag(), e.size(), vs);
    }

    private BtfType proto(BtfType.FuncProto p, int off, IntUnaryOperator ids) {
        List<BtfType.Param> ps = new ArrayList<>(p.params().size());
        for (BtfType.Param q : p.params()) {
            ps.add(new BtfType.Param(q.name(), add(q.name()), ids.applyAsInt(q.type())));
        }
        return new BtfType.FuncProto(p.name(), off, p.kindFlag(), ids.applyAsInt(p.returnType()), ps);
    }
}
