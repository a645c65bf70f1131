package dev.ebld.btf;

/**
 * The C spelling of a BTF type or declaration in compatibility messages: {@code struct sk_buff *},
 * {@code int (*)(void *, long)}, {@code extern int proto_fn(int x, int y)}.
 *
 * <p>The declarator itself comes from {@link CDeclarator}, the one algorithm the module has for
 * it (the same as {@link BtfTypes#cDeclaration}), asked to keep parameter names and to write
 * type tags as {@code __attribute__((btf_type_tag("...")))} next to the qualifiers. What this
 * class adds is only what a message shows around a declarator: the storage class of a FUNC or
 * VAR ({@code extern}, {@code static}), {@code SEC("...")} for a DATASEC, and a DECL_TAG as a
 * trailing {@code __attribute__((btf_decl_tag("...")))} on the declaration it tags.
 */
public final class BtfCompatSpelling {
    private static final int MAX_DECL_TAGS = 64;

    private BtfCompatSpelling() {
    }

    /** The type as a message shows it: {@code const char *}; the same as {@link #declaration}. */
    public static String type(Btf btf, int id) {
        return declaration(btf, id);
    }

    /**
     * A declaration: for a FUNC or VAR its full declaration with storage class and name
     * ({@code static long counter}); for a DATASEC {@code SEC("name")}; for a DECL_TAG the
     * declaration it tags with the attribute after it; for other types the type in a cast.
     */
    public static String declaration(Btf btf, int id) {
        StringBuilder tags = new StringBuilder();
        BtfType t = btf.type(id);
        // the reader rejects DECL_TAG chains; BTF built in code is not checked, hence the bound
        for (int i = 0; i < MAX_DECL_TAGS && t.kind() == BtfKind.DECL_TAG; i++) {
            tags.insert(0, " __attribute__((btf_decl_tag(\"" + t.name() + "\")))");
            id = ((BtfType.DeclTag) t).type();
            t = btf.type(id);
        }
        return untagged(btf, id, t) + tags;
    }

    private static String untagged(Btf btf, int id, BtfType t) {
        switch (t.kind()) {
            case FUNC: return storage(((BtfType.Func) t).linkage()) + declarator(btf, id, "");
            case VAR: return storage(((BtfType.Var) t).linkage()) + declarator(btf, id, "");
            case DATASEC: return "SEC(\"" + t.name() + "\")";
            default: return declarator(btf, id, "");
        }
    }

    /** The storage-class word of a FUNC or VAR linkage, with its trailing space; "" for global. */
    static String storage(int linkage) {
        return linkage == BtfType.Func.STATIC ? "static " : linkage == BtfType.Func.EXTERN ? "extern " : "";
    }

    /** {@code type} declared as {@code ident} ("" for a bare type), without storage class. */
    static String declarator(Btf btf, int type, String ident) {
        return new CDeclarator(btf, true, true).declare(type, ident);
    }
}
