package dev.ebld.loader.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
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
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            BtfType l = lb.type(BtfQueries.skipModsAndTypedefs(lb, lid));
            BtfType t = tb.type(BtfQueries.skipModsAndTypedefs(tb, tid));
            if (l.kind().isComposite() && t.kind().isComposite()) {
                return true;
            }
            if (!kindsCompatible(l.kind(), t.kind())) {
                return false;
            }
            switch (l.kind()) {
                case PTR, FLOAT:
                    return true;
                case FWD, ENUM, ENUM64:
                    return namesMatchOrAnon(l.name(), t.name());
                case INT:
                    return ((BtfType.IntType) l).offset() == 0 && ((BtfType.IntType) t).offset() == 0;
                case ARRAY:
                    lid = ((BtfType.Array) l).elemType();
                    tid = ((BtfType.Array) t).elemType();
                    break;
                default:
                    return false;
            }
        }
        return false;
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
        for (int depth = 0; depth < level; depth++) {
            BtfType l = lb.type(BtfQueries.skipModsAndTypedefs(lb, lid));
            BtfType t = tb.type(BtfQueries.skipModsAndTypedefs(tb, tid));
            if (!kindsCompatible(l.kind(), t.kind())) {
                return false;
            }
            switch (l.kind()) {
                case VOID, STRUCT, UNION, ENUM, ENUM64, FWD:
                    return true;
                case INT:
                    return ((BtfType.IntType) l).offset() == 0 && ((BtfType.IntType) t).offset() == 0;
                case PTR:
                    lid = ((BtfType.Ptr) l).type();
                    tid = ((BtfType.Ptr) t).type();
                    break;
                case ARRAY:
                    lid = ((BtfType.Array) l).elemType();
                    tid = ((BtfType.Array) t).elemType();
                    break;
                case FUNC_PROTO:
                    BtfType.FuncProto lp = (BtfType.FuncProto) l;
                    BtfType.FuncProto tp = (BtfType.FuncProto) t;
                    if (lp.params().size() != tp.params().size()) {
                        return false;
                    }
                    for (int i = 0; i < lp.params().size(); i++) {
                        if (!typesCompatible(lb, lp.params().get(i).type(), tb, tp.params().get(i).type(),
                                level - depth - 1)) {
                            return false;
                        }
                    }
                    lid = lp.returnType();
                    tid = tp.returnType();
                    break;
                default:
                    return false;
            }
        }
        return false;
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
        BtfType l = lb.type(BtfQueries.skipModsAndTypedefs(lb, lid));
        BtfType t = tb.type(BtfQueries.skipModsAndTypedefs(tb, tid));
        if (!BtfQueries.essentialName(l.name()).equals(BtfQueries.essentialName(t.name()))) {
            return false;
        }
        if (l.kind() == BtfKind.FWD || t.kind() == BtfKind.FWD) {
            return l.kind() == t.kind() || behindPtr;
        }
        if (!kindsCompatible(l.kind(), t.kind())) {
            return false;
        }
        switch (l.kind()) {
            case VOID, FLOAT:
                return true;
            case STRUCT, UNION:
                return behindPtr || membersMatch(lb, (BtfType.Composite) l, tb, (BtfType.Composite) t, level);
            case ENUM, ENUM64:
                return enumeratorsIn(l, t);
            case INT:
                BtfType.IntType li = (BtfType.IntType) l;
                BtfType.IntType ti = (BtfType.IntType) t;
                return li.size() == ti.size() && li.signed() == ti.signed();
            case PTR:
                return match(lb, ((BtfType.Ptr) l).type(), tb, ((BtfType.Ptr) t).type(), true, level - 1);
            case ARRAY:
                BtfType.Array la = (BtfType.Array) l;
                BtfType.Array ta = (BtfType.Array) t;
                return la.nelems() == ta.nelems()
                        && match(lb, la.elemType(), tb, ta.elemType(), behindPtr, level - 1);
            case FUNC_PROTO:
                return typesCompatible(lb, lid, tb, tid);
            default:
                return false;
        }
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
