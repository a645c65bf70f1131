package dev.ebld.loader.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;

/**
 * The few BTF questions the loader asks that {@link BtfTypes} does not answer: the byte size of a
 * type or -1 (libbpf's {@code btf__resolve_size}), whether an integer type is signed, and a
 * CO-RE name's essential part.
 */
public final class BtfQueries {
    private BtfQueries() {
    }

    /** The byte size of {@code id}, or -1 when it has none (void, FUNC, FWD ...). */
    public static long sizeOf(Btf btf, int id) {
        long mult = 1;
        int cur = id;
        for (int depth = 0; depth < 64; depth++) {
            if (cur == 0) {
                return -1;
            }
            BtfType t = btf.type(cur);
            switch (t.kind()) {
                case INT, FLOAT, ENUM, ENUM64, STRUCT, UNION, DATASEC:
                    return mult * (((BtfType.Sized) t).size() & 0xffffffffL);
                case PTR:
                    return mult * 8;
                case TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG, VAR, DECL_TAG:
                    cur = refOf(t);
                    break;
                case ARRAY:
                    BtfType.Array a = (BtfType.Array) t;
                    mult *= a.nelems() & 0xffffffffL;
                    cur = a.elemType();
                    break;
                case VOID, FWD, FUNC, FUNC_PROTO:
                    return -1;
            }
        }
        return -1;
    }

    private static int refOf(BtfType t) {
        if (t instanceof BtfType.Ref r) {
            return r.type();
        }
        throw new IllegalStateException(t.kind() + " has no single reference");
    }

    /** Whether {@code id} resolves to a signed INT or a signed ENUM/ENUM64. */
    public static boolean isSigned(Btf btf, int id) {
        BtfType t = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, id));
        if (t instanceof BtfType.IntType i) {
            return i.signed();
        }
        if (t instanceof BtfType.EnumType e) {
            return e.signed();
        }
        if (t instanceof BtfType.Enum64Type e) {
            return e.signed();
        }
        return false;
    }

    /** The name with a {@code ___flavor} suffix removed, as libbpf's {@code bpf_core_essential_name_len}. */
    public static String essentialName(String name) {
        int n = name.length();
        // X___Y where X and Y are not underscores; the last such separator wins.
        for (int i = n - 5; i >= 0; i--) {
            if (name.charAt(i) != '_' && name.startsWith("___", i + 1) && name.charAt(i + 4) != '_') {
                return name.substring(0, i + 1);
            }
        }
        return name;
    }
}
