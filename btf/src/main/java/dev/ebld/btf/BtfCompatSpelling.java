package dev.ebld.btf;

import static dev.ebld.btf.CDeclarator.join;

/**
 * The C spelling of a BTF type or declaration, for messages: {@code struct sk_buff *},
 * {@code int (*)(void *, long)}, {@code extern int proto_fn(int x, int y)}.
 *
 * <p>C declarators read inside out, so the spelling is built the same way: each type wraps the
 * declarator text collected so far (the "inner" part) and hands it to the type it refers to.
 * A pointer prepends {@code *}, and parenthesises when it points at an array or a function; an
 * array or prototype appends its suffix; a base type finally puts its name in front. Qualifiers
 * on a pointer go after the star ({@code int *const p}), on anything else before the type.
 *
 * <p>Only types that a C declaration can name are recursed into; a STRUCT or UNION is printed by
 * tag, so reference loops (which must pass through one) end there. A depth bound guards against
 * pathological chains all the same.
 *
 * <p>Not {@link BtfTypes#cName}: these messages keep parameter names, storage classes, type tags
 * and {@code SEC("...")}, and place qualifiers by their own rule; the linker's golden messages
 * are written in this spelling, so the two stay separate and share only {@code CDeclarator.join}.
 */
public final class BtfCompatSpelling {
    private static final int MAX_DEPTH = 64;

    private BtfCompatSpelling() {
    }

    /** The type as C writes it in a cast: {@code const char *}. */
    public static String type(Btf btf, int id) {
        return declarator(btf, id, "", 0);
    }

    /**
     * A declaration: for a FUNC or VAR its full declaration with storage class and name
     * ({@code static long counter}); for other types the same as {@link #type}.
     */
    public static String declaration(Btf btf, int id) {
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Func f) {
            return storage(f.linkage()) + declarator(btf, f.type(), f.name(), 0);
        }
        if (t instanceof BtfType.Var v) {
            return storage(v.linkage()) + declarator(btf, v.type(), v.name(), 0);
        }
        return type(btf, id);
    }

    /** The storage-class word of a FUNC or VAR linkage, with its trailing space; "" for global. */
    static String storage(int linkage) {
        return linkage == BtfType.Func.STATIC ? "static " : linkage == BtfType.Func.EXTERN ? "extern " : "";
    }

    /** The declaration of {@code inner} (a name, or a partial declarator) with type {@code id}. */
    static String declarator(Btf btf, int id, String inner, int depth) {
        if (depth > MAX_DEPTH) {
            return join("...", inner);
        }
        BtfType t = btf.type(id);
        switch (t.kind()) {
            case VOID: return join("void", inner);
            case INT: case FLOAT: case TYPEDEF: return join(t.name(), inner);
            case STRUCT: return join("struct " + tagName(t), inner);
            case UNION: return join("union " + tagName(t), inner);
            case ENUM: case ENUM64: return join("enum " + tagName(t), inner);
            case FWD: return join((((BtfType.Fwd) t).isUnion() ? "union " : "struct ") + t.name(), inner);
            case PTR: return pointer(btf, (BtfType.Ptr) t, inner, depth);
            case CONST: return qualified(btf, (BtfType.Ref) t, "const", inner, depth);
            case VOLATILE: return qualified(btf, (BtfType.Ref) t, "volatile", inner, depth);
            case RESTRICT: return qualified(btf, (BtfType.Ref) t, "restrict", inner, depth);
            case TYPE_TAG:
                return qualified(btf, (BtfType.Ref) t, "__attribute__((btf_type_tag(\"" + t.name() + "\")))",
                        inner, depth);
            case ARRAY: {
                BtfType.Array a = (BtfType.Array) t;
                return declarator(btf, a.elemType(), inner + "[" + Integer.toUnsignedString(a.nelems()) + "]",
                        depth + 1);
            }
            case FUNC_PROTO: return prototype(btf, (BtfType.FuncProto) t, inner, depth);
            case FUNC: case VAR: return join(declaration(btf, id), inner);
            case DATASEC: return join("SEC(\"" + t.name() + "\")", inner);
            case DECL_TAG:
                return declarator(btf, ((BtfType.DeclTag) t).type(), inner, depth + 1)
                        + " __attribute__((btf_decl_tag(\"" + t.name() + "\")))";
        }
        throw new IllegalStateException("unhandled kind " + t.kind());
    }

    private static String tagName(BtfType t) {
        return t.name().isEmpty() ? "{...}" : t.name();
    }

    private static String pointer(Btf btf, BtfType.Ptr p, String inner, int depth) {
        BtfKind target = btf.type(p.type()).kind();
        String star = "*" + inner;
        if (target == BtfKind.ARRAY || target == BtfKind.FUNC_PROTO) {
            star = "(" + star + ")";
        }
        return declarator(btf, p.type(), star, depth + 1);
    }

    private static String qualified(Btf btf, BtfType.Ref q, String word, String inner, int depth) {
        int target = q.type();
        for (int i = 0; i < MAX_DEPTH && btf.type(target).kind().isModifier(); i++) {
            target = ((BtfType.Ref) btf.type(target)).type();
        }
        if (btf.type(target).kind() == BtfKind.PTR) {
            return declarator(btf, q.type(), inner.isEmpty() ? word : word + " " + inner, depth + 1);
        }
        return word + " " + declarator(btf, q.type(), inner, depth + 1);
    }

    private static String prototype(Btf btf, BtfType.FuncProto p, String inner, int depth) {
        StringBuilder params = new StringBuilder("(");
        for (int i = 0; i < p.params().size(); i++) {
            BtfType.Param param = p.params().get(i);
            if (i > 0) {
                params.append(", ");
            }
            if (i == p.params().size() - 1 && p.variadic()) {
                params.append("...");
            } else {
                params.append(declarator(btf, param.type(), param.name(), depth + 1));
            }
        }
        if (p.params().isEmpty()) {
            params.append("void");
        }
        return declarator(btf, p.returnType(), inner + params.append(')'), depth + 1);
    }
}
