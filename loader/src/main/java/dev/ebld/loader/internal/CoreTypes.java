package dev.ebld.loader.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import java.util.List;

/**
 * The three CO-RE type relations of libbpf's relo_core.c: {@code bpf_core_fields_are_compat}
 * (may a field of one type be read as the other), {@code bpf_core_types_are_compat} (loose: same
 * kind, recursively through pointers, arrays and prototypes) and {@code bpf_core_types_match}
 * (strict: same names, members, enumerators and integer shapes).
 */
final class CoreTypes {
    private static final int MAX_DEPTH = 32;

    private CoreTypes() {
    }

    /** Kinds a candidate may have: the same, or enum for enum64 and back. */
    static boolean kindsCompatible(BtfKind a, BtfKind b) {
        return a == b || isEnum(a) && isEnum(b);
    }

    private static boolean isEnum(BtfKind k) {
        return k == BtfKind.ENUM || k == BtfKind.ENUM64;
    }

    static boolean fieldsCompatible(Btf lb, int lid, Btf tb, int tid) {
        return fieldsCompatible(lb, lid, tb, tid, MAX_DEPTH);
    }

    private static boolean fieldsCompatible(Btf lb, int lid, Btf tb, int tid, int level) {
        if (level <= 0) {
            return false;
        }
        BtfType l = lb.type(BtfTypes.skipModifiersAndTypedefs(lb, lid));
        BtfType t = tb.type(BtfTypes.skipModifiersAndTypedefs(tb, tid));
        if (l.kind().isComposite() && t.kind().isComposite()) {
            return true;
        }
        if (!kindsCompatible(l.kind(), t.kind())) {
            return false;
        }
        return switch (l.kind()) {
            case PTR, FLOAT -> true;
            case FWD, ENUM, ENUM64 -> namesMatchOrAnon(l.name(), t.name());
            case INT -> ((BtfType.IntType) l).offset() == 0 && ((BtfType.IntType) t).offset() == 0;
            case ARRAY -> fieldsCompatible(lb, ((BtfType.Array) l).elemType(), tb,
                    ((BtfType.Array) t).elemType(), level - 1);
            case VOID, STRUCT, UNION, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR, DATASEC,
                    DECL_TAG, TYPE_TAG -> false;
        };
    }

    private static boolean namesMatchOrAnon(String a, String b) {
        String ea = BtfQueries.essentialName(a);
        String eb = BtfQueries.essentialName(b);
        return ea.isEmpty() || eb.isEmpty() || ea.equals(eb);
    }

    static boolean typesCompatible(Btf lb, int lid, Btf tb, int tid) {
        return typesCompatible(lb, lid, tb, tid, MAX_DEPTH);
    }

    private static boolean typesCompatible(Btf lb, int lid, Btf tb, int tid, int level) {
        if (level <= 0) {
            return false;
        }
        BtfType l = lb.type(BtfTypes.skipModifiersAndTypedefs(lb, lid));
        BtfType t = tb.type(BtfTypes.skipModifiersAndTypedefs(tb, tid));
        if (!kindsCompatible(l.kind(), t.kind())) {
            return false;
        }
        return switch (l.kind()) {
            case VOID, STRUCT, UNION, ENUM, ENUM64, FWD -> true;
            case INT -> ((BtfType.IntType) l).offset() == 0 && ((BtfType.IntType) t).offset() == 0;
            case PTR -> typesCompatible(lb, ((BtfType.Ptr) l).type(), tb, ((BtfType.Ptr) t).type(),
                    level - 1);
            case ARRAY -> typesCompatible(lb, ((BtfType.Array) l).elemType(), tb,
                    ((BtfType.Array) t).elemType(), level - 1);
            case FUNC_PROTO -> protosCompatible(lb, (BtfType.FuncProto) l, tb, (BtfType.FuncProto) t, level);
            case TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG -> false;
        };
    }

    /** Same parameter count, then each parameter and the return type compatible one level down. */
    private static boolean protosCompatible(Btf lb, BtfType.FuncProto lp, Btf tb, BtfType.FuncProto tp,
            int level) {
        if (lp.params().size() != tp.params().size()) {
            return false;
        }
        for (int i = 0; i < lp.params().size(); i++) {
            if (!typesCompatible(lb, lp.params().get(i).type(), tb, tp.params().get(i).type(), level - 1)) {
                return false;
            }
        }
        return typesCompatible(lb, lp.returnType(), tb, tp.returnType(), level - 1);
    }

    /**
     * {@code bpf_core_types_match}: named types need equal essential names; composites need every
     * local member by name in the target with matching types (only names and kinds behind
     * pointers); enums need every local enumerator in the target; integers the same size and
     * signedness; arrays the same length.
     */
    static boolean typesMatch(Btf lb, int lid, Btf tb, int tid) {
        return match(lb, lid, tb, tid, false, MAX_DEPTH);
    }

    private static boolean match(Btf lb, int lid, Btf tb, int tid, boolean behindPtr, int level) {
        if (level <= 0) {
            return false;
        }
        BtfType l = lb.type(BtfTypes.skipModifiersAndTypedefs(lb, lid));
        BtfType t = tb.type(BtfTypes.skipModifiersAndTypedefs(tb, tid));
        if (!BtfQueries.essentialName(l.name()).equals(BtfQueries.essentialName(t.name()))) {
            return false;
        }
        if (l.kind() == BtfKind.FWD || t.kind() == BtfKind.FWD) {
            return l.kind() == t.kind() || behindPtr;
        }
        if (!kindsCompatible(l.kind(), t.kind())) {
            return false;
        }
        return switch (l.kind()) {
            case VOID, FLOAT -> true;
            case STRUCT, UNION -> behindPtr
                    || membersMatch(lb, (BtfType.Composite) l, tb, (BtfType.Composite) t, level);
            case ENUM, ENUM64 -> enumeratorsIn(l, t);
            case INT -> ((BtfType.IntType) l).size() == ((BtfType.IntType) t).size()
                    && ((BtfType.IntType) l).signed() == ((BtfType.IntType) t).signed();
            case PTR -> match(lb, ((BtfType.Ptr) l).type(), tb, ((BtfType.Ptr) t).type(), true, level - 1);
            case ARRAY -> ((BtfType.Array) l).nelems() == ((BtfType.Array) t).nelems()
                    && match(lb, ((BtfType.Array) l).elemType(), tb, ((BtfType.Array) t).elemType(),
                            behindPtr, level - 1);
            case FUNC_PROTO -> typesCompatible(lb, lid, tb, tid);
            case FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, VAR, DATASEC, DECL_TAG, TYPE_TAG -> false;
        };
    }

    private static boolean membersMatch(Btf lb, BtfType.Composite l, Btf tb, BtfType.Composite t, int level) {
        if (l.members().size() > t.members().size()) {
            return false;
        }
        for (BtfType.Member lm : l.members()) {
            BtfType.Member found = null;
            for (BtfType.Member tm : t.members()) {
                if (tm.name().equals(lm.name())) {
                    found = tm;
                }
            }
            if (found == null || !match(lb, lm.type(), tb, found.type(), false, level - 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean enumeratorsIn(BtfType l, BtfType t) {
        List<String> targetNames = new java.util.ArrayList<>();
        for (int i = 0; CoreSpec.enumeratorName(t, i) != null; i++) {
            targetNames.add(BtfQueries.essentialName(CoreSpec.enumeratorName(t, i)));
        }
        for (int i = 0; CoreSpec.enumeratorName(l, i) != null; i++) {
            if (!targetNames.contains(BtfQueries.essentialName(CoreSpec.enumeratorName(l, i)))) {
                return false;
            }
        }
        return true;
    }
}
