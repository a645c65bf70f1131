package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;

import java.util.StringJoiner;

/** C-like spelling of a BTF type for messages: {@code int (int, long)}, {@code struct mval *}. */
final class TypeNames {
    private static final int MAX_DEPTH = 8;

    private TypeNames() {
    }

    static String of(Btf btf, int id) {
        return of(btf, id, 0);
    }

    private static String of(Btf btf, int id, int depth) {
        if (depth > MAX_DEPTH) {
            return "...";
        }
        BtfType t = btf.type(id);
        String n = t.name();
        switch (t.kind()) {
            case VOID:
                return "void";
            case INT:
            case FLOAT:
            case TYPEDEF:
                return n;
            case STRUCT:
            case UNION:
            case ENUM:
            case ENUM64:
                return t.kind().label().toLowerCase(java.util.Locale.ROOT).replace("64", "") + " "
                        + (n.isEmpty() ? "{...}" : n);
            case FWD:
                return (((BtfType.Fwd) t).isUnion() ? "union " : "struct ") + n;
            case PTR:
                return of(btf, ((BtfType.Ptr) t).type(), depth + 1) + " *";
            case ARRAY:
                BtfType.Array a = (BtfType.Array) t;
                return of(btf, a.elemType(), depth + 1) + "[" + a.nelems() + "]";
            case CONST:
                return "const " + of(btf, ((BtfType.Ref) t).type(), depth + 1);
            case VOLATILE:
                return "volatile " + of(btf, ((BtfType.Ref) t).type(), depth + 1);
            case FUNC_PROTO:
                return proto(btf, (BtfType.FuncProto) t, depth);
            default:
                return t instanceof BtfType.Ref r ? of(btf, r.type(), depth + 1) : t.kind().label();
        }
    }

    private static String proto(Btf btf, BtfType.FuncProto p, int depth) {
        StringJoiner params = new StringJoiner(", ", "(", ")");
        for (BtfType.Param param : p.params()) {
            params.add(param.type() == 0 ? "..." : of(btf, param.type(), depth + 1));
        }
        if (p.params().isEmpty()) {
            params.add("void");
        }
        return of(btf, p.returnType(), depth + 1) + " " + params;
    }
}
