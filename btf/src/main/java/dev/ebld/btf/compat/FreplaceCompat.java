package dev.ebld.btf.compat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import dev.ebld.btf.compat.CompatResult.Kind;

/**
 * The kernel's freplace rule: may an extension program ({@code BPF_PROG_TYPE_EXT}) replace a
 * function? Same semantics as {@code btf_check_type_match} in {@code kernel/bpf/btf.c} (which
 * calls {@code btf_check_func_type_match}), restated, with the kernel's wording for each failure:
 * <ul>
 * <li>both functions have global linkage;</li>
 * <li>their prototypes have the same number of arguments;</li>
 * <li>past modifiers and typedefs, the return types have the same {@code info} word (kind,
 *     kind_flag and vlen: any two ints match, two enums need as many values);</li>
 * <li>so has each argument, and sized kinds the same size; ints and enums are then accepted,
 *     pointers only when both point (past modifiers) to a struct or union of the same name,
 *     i.e. the same context type; anything else is refused.</li>
 * </ul>
 * Inside, as in the kernel, side 1 is the extension's function and side 2 the target's.
 */
public final class FreplaceCompat {
    private FreplaceCompat() {
    }

    /**
     * Whether FUNC {@code extFuncId} of {@code extBtf} may replace FUNC {@code targetFuncId} of
     * {@code targetBtf}. A mismatch's {@link CompatResult#reason()} is the kernel's log line, e.g.
     * {@code arg0 in handler() is INT while target() has PTR}; its left side is the extension,
     * labelled "extension", its right side the target, labelled "target".
     */
    public static CompatResult check(Btf targetBtf, int targetFuncId, Btf extBtf, int extFuncId) {
        return check("target", targetBtf, targetFuncId, "extension", extBtf, extFuncId);
    }

    /** {@link #check(Btf, int, Btf, int)} with each side labelled by where it comes from (e.g. a file). */
    public static CompatResult check(String targetOrigin, Btf targetBtf, int targetFuncId,
                                     String extOrigin, Btf extBtf, int extFuncId) {
        BtfType ext = extBtf.type(extFuncId);
        BtfType target = targetBtf.type(targetFuncId);
        String why;
        Kind kind;
        if (ext instanceof BtfType.Func f1 && target instanceof BtfType.Func f2) {
            why = mismatch(extBtf, f1, targetBtf, f2);
            kind = why == null ? Kind.OK : Kind.FREPLACE_MISMATCH;
        } else {
            why = "both sides must be FUNCs";
            kind = Kind.INVALID;
        }
        return CompatResult.spelled(kind, ext.name(), why, extOrigin, extBtf, extFuncId,
                targetOrigin, targetBtf, targetFuncId);
    }

    /** Null when {@code f1} may replace {@code f2}, else the kernel's message. */
    private static String mismatch(Btf btf1, BtfType.Func f1, Btf btf2, BtfType.Func f2) {
        String fn1 = f1.name();
        String fn2 = f2.name();
        if (f1.linkage() != BtfType.Func.GLOBAL) {
            return fn1 + "() is not a global function";
        }
        if (f2.linkage() != BtfType.Func.GLOBAL) {
            return fn2 + "() is not a global function";
        }
        if (!(btf1.type(f1.type()) instanceof BtfType.FuncProto p1)
                || !(btf2.type(f2.type()) instanceof BtfType.FuncProto p2)) {
            return "a FUNC does not refer to a FUNC_PROTO";
        }
        int n1 = p1.params().size();
        int n2 = p2.params().size();
        if (n1 != n2) {
            return fn1 + "() has " + n1 + " args while " + fn2 + "() has " + n2 + " args";
        }
        BtfType r1 = btf1.type(BtfTypes.skipModifiersAndTypedefs(btf1, p1.returnType()));
        BtfType r2 = btf2.type(BtfTypes.skipModifiersAndTypedefs(btf2, p2.returnType()));
        if (!sameInfo(r1, r2)) {
            return "Return type " + r1.kind().label() + " of " + fn1 + "() doesn't match type "
                    + r2.kind().label() + " of " + fn2 + "()";
        }
        for (int i = 0; i < n1; i++) {
            String why = argMismatch(i, btf1, p1.params().get(i).type(), fn1, btf2, p2.params().get(i).type(), fn2);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private static String argMismatch(int i, Btf btf1, int id1, String fn1, Btf btf2, int id2, String fn2) {
        BtfType t1 = btf1.type(BtfTypes.skipModifiersAndTypedefs(btf1, id1));
        BtfType t2 = btf2.type(BtfTypes.skipModifiersAndTypedefs(btf2, id2));
        if (!sameInfo(t1, t2)) {
            return "arg" + i + " in " + fn1 + "() is " + t1.kind().label() + " while " + fn2 + "() has "
                    + t2.kind().label();
        }
        long s1 = sizeOf(t1);
        if (s1 >= 0 && s1 != sizeOf(t2)) {
            return "arg" + i + " in " + fn1 + "() has size " + s1 + " while " + fn2 + "() has " + sizeOf(t2);
        }
        BtfKind k = t1.kind();
        if (k == BtfKind.INT || k == BtfKind.ENUM || k == BtfKind.ENUM64) {
            return null;
        }
        if (k != BtfKind.PTR) {
            return "arg" + i + " in " + fn1 + "() has unrecognized type";
        }
        BtfType s1t = btf1.type(BtfTypes.skipModifiersAndTypedefs(btf1, ((BtfType.Ptr) t1).type()));
        BtfType s2t = btf2.type(BtfTypes.skipModifiersAndTypedefs(btf2, ((BtfType.Ptr) t2).type()));
        if (!s1t.kind().isComposite()) {
            return "arg" + i + " in " + fn1 + "() is not a pointer to context";
        }
        if (!s2t.kind().isComposite()) {
            return "arg" + i + " in " + fn2 + "() is not a pointer to context";
        }
        if (!s1t.name().equals(s2t.name())) {
            return "arg" + i + " " + fn1 + "(struct " + s1t.name() + " *) doesn't match " + fn2 + "(struct "
                    + s2t.name() + " *)";
        }
        return null;
    }

    /** Same kind, kind_flag and vlen: the kernel compares the whole {@code info} word. */
    private static boolean sameInfo(BtfType a, BtfType b) {
        return a.kind() == b.kind() && a.kindFlag() == b.kindFlag() && vlen(a) == vlen(b);
    }

    private static int vlen(BtfType t) {
        if (t instanceof BtfType.Composite c) {
            return c.members().size();
        }
        if (t instanceof BtfType.EnumType e) {
            return e.values().size();
        }
        if (t instanceof BtfType.Enum64Type e) {
            return e.values().size();
        }
        if (t instanceof BtfType.FuncProto p) {
            return p.params().size();
        }
        if (t instanceof BtfType.Datasec d) {
            return d.vars().size();
        }
        if (t instanceof BtfType.Func f) {
            return f.linkage();
        }
        return 0;
    }

    /** The stored size of kinds that have one (the kernel's btf_type_has_size), else -1. */
    private static long sizeOf(BtfType t) {
        return t instanceof BtfType.Sized s ? s.size() : -1;
    }
}
