package dev.ebld.btf.compat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import dev.ebld.btf.c.Spelling;

import java.util.List;

/**
 * The extern-versus-definition rule of libbpf's static linker ({@code glob_sym_btf_matches} in
 * {@code linker.c}), restated:
 * <ul>
 * <li>modifiers and typedefs are looked through on both sides;</li>
 * <li>tagged types (struct, union, enum, forward declaration), functions and variables must have
 *     the same name; ints, floats and enums the same size (encoding and enumerators are ignored);</li>
 * <li>functions and variables may differ in extern versus global linkage, not in static-ness;</li>
 * <li>prototypes compare parameter count, each parameter type (names ignored), and return type;</li>
 * <li>arrays compare element types (index type and length ignored);</li>
 * <li>composites are compared member by member (name, bit offset, type) only while "exact"; a
 *     pointer turns exactness off, so behind a pointer a struct only has to have the right tag and
 *     a forward declaration stands for the struct or union of the same name.</li>
 * </ul>
 * Each check returns null when the types match or the first reason they do not, naming the
 * differing sub-types in C.
 */
final class ExternCompat {
    /** Nesting bound: deeper than any C type; reaching it is reported, not recursed past. */
    private static final int MAX_DEPTH = 256;

    private final Btf btf1;
    private final Btf btf2;
    private final String origin1;
    private final String origin2;

    ExternCompat(Btf btf1, String origin1, Btf btf2, String origin2) {
        this.btf1 = btf1;
        this.btf2 = btf2;
        this.origin1 = origin1;
        this.origin2 = origin2;
    }

    /** Null when {@code id1} (in btf1) and {@code id2} (in btf2) are compatible, else why not. */
    String mismatch(int id1, int id2, boolean exact, int depth) {
        if (depth > MAX_DEPTH) {
            return "types nest deeper than " + MAX_DEPTH + " levels";
        }
        id1 = BtfTypes.skipModifiersAndTypedefs(btf1, id1);
        id2 = BtfTypes.skipModifiersAndTypedefs(btf2, id2);
        BtfType t1 = btf1.type(id1);
        BtfType t2 = btf2.type(id2);
        boolean fwd1 = t1.kind() == BtfKind.FWD;
        if (!exact && fwd1 != (t2.kind() == BtfKind.FWD)) {
            return fwdMismatch(t1, t2, id1, id2);
        }
        if (t1.kind() != t2.kind()) {
            return "kinds differ: " + both(id1, id2);
        }
        if (namedKind(t1.kind()) && !t1.name().equals(t2.name())) {
            return "names differ: " + both(id1, id2);
        }
        return sameKindMismatch(t1, t2, id1, id2, exact, depth);
    }

    private String sameKindMismatch(BtfType t1, BtfType t2, int id1, int id2, boolean exact, int depth) {
        return switch (t1.kind()) {
            case VOID, FWD -> null;
            case INT, FLOAT, ENUM, ENUM64 -> size(t1) == size(t2) ? null
                    : "sizes differ (" + size(t1) + " vs " + size(t2) + "): " + both(id1, id2);
            case PTR -> mismatch(((BtfType.Ptr) t1).type(), ((BtfType.Ptr) t2).type(), false, depth + 1);
            case ARRAY -> mismatch(((BtfType.Array) t1).elemType(), ((BtfType.Array) t2).elemType(), exact, depth + 1);
            case FUNC -> {
                BtfType.Func f1 = (BtfType.Func) t1;
                BtfType.Func f2 = (BtfType.Func) t2;
                if ((f1.linkage() == BtfType.Func.STATIC) != (f2.linkage() == BtfType.Func.STATIC)) {
                    yield "one function is static, the other is not";
                }
                yield mismatch(f1.type(), f2.type(), exact, depth + 1);
            }
            case VAR -> {
                BtfType.Var v1 = (BtfType.Var) t1;
                BtfType.Var v2 = (BtfType.Var) t2;
                if ((v1.linkage() == BtfType.Var.STATIC) != (v2.linkage() == BtfType.Var.STATIC)) {
                    yield "one variable is static, the other is not";
                }
                yield mismatch(v1.type(), v2.type(), exact, depth + 1);
            }
            case STRUCT, UNION ->
                exact ? membersMismatch((BtfType.Composite) t1, (BtfType.Composite) t2, id1, id2, depth) : null;
            case FUNC_PROTO -> protoMismatch((BtfType.FuncProto) t1, (BtfType.FuncProto) t2, id1, id2, exact, depth);
            case TYPEDEF, CONST, VOLATILE, RESTRICT, TYPE_TAG, DATASEC, DECL_TAG ->
                "BTF kind " + t1.kind().label() + " cannot be compared: " + both(id1, id2);
        };
    }

    private String fwdMismatch(BtfType t1, BtfType t2, int id1, int id2) {
        if (!t1.name().equals(t2.name())) {
            return "forward declaration names differ: " + both(id1, id2);
        }
        BtfType.Fwd fwd = t1 instanceof BtfType.Fwd f ? f : (BtfType.Fwd) t2;
        BtfType other = t1 instanceof BtfType.Fwd ? t2 : t1;
        BtfKind wanted = fwd.isUnion() ? BtfKind.UNION : BtfKind.STRUCT;
        return other.kind() == wanted ? null
                : "forward declaration does not match the defined kind: " + both(id1, id2);
    }

    private String membersMismatch(BtfType.Composite c1, BtfType.Composite c2, int id1, int id2, int depth) {
        List<BtfType.Member> m1 = c1.members();
        List<BtfType.Member> m2 = c2.members();
        if (m1.size() != m2.size()) {
            return "member counts differ (" + m1.size() + " vs " + m2.size() + "): " + both(id1, id2);
        }
        for (int i = 0; i < m1.size(); i++) {
            BtfType.Member a = m1.get(i);
            BtfType.Member b = m2.get(i);
            String where = "member #" + i + " of " + both(id1, id2);
            if (!a.name().equals(b.name())) {
                return "names differ ('" + a.name() + "' vs '" + b.name() + "') at " + where;
            }
            if (a.bitOffset() != b.bitOffset() || a.bitfieldSize() != b.bitfieldSize()) {
                return "offsets differ for '" + a.name() + "' at " + where;
            }
            String inner = mismatch(a.type(), b.type(), true, depth + 1);
            if (inner != null) {
                return inner + ", in member '" + a.name() + "' of " + both(id1, id2);
            }
        }
        return null;
    }

    private String protoMismatch(BtfType.FuncProto p1, BtfType.FuncProto p2, int id1, int id2, boolean exact,
                                 int depth) {
        if (p1.params().size() != p2.params().size()) {
            return "parameter counts differ (" + p1.params().size() + " vs " + p2.params().size() + ")";
        }
        for (int i = 0; i < p1.params().size(); i++) {
            String inner = mismatch(p1.params().get(i).type(), p2.params().get(i).type(), exact, depth + 1);
            if (inner != null) {
                return "parameter " + (i + 1) + ": " + inner;
            }
        }
        String ret = mismatch(p1.returnType(), p2.returnType(), exact, depth + 1);
        return ret == null ? null : "return type: " + ret;
    }

    /** "'int' in a.o vs 'long' in b.o". */
    private String both(int id1, int id2) {
        return "'" + Spelling.type(btf1, id1) + "' in " + origin1 + " vs '"
                + Spelling.type(btf2, id2) + "' in " + origin2;
    }

    private static boolean namedKind(BtfKind k) {
        return k == BtfKind.STRUCT || k == BtfKind.UNION || k == BtfKind.ENUM || k == BtfKind.ENUM64
                || k == BtfKind.FWD || k == BtfKind.FUNC || k == BtfKind.VAR;
    }

    private static int size(BtfType t) {
        return ((BtfType.Sized) t).size();
    }
}
