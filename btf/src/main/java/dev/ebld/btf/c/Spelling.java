package dev.ebld.btf.c;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

/**
 * The C spelling of a BTF type, the one place messages get it from. Two levels of detail:
 * <ul>
 * <li>{@link #name} and {@link #declaration(Btf, int, String)}: the plain C type
 *     ({@code struct foo *}, {@code int (*)(struct xdp_md *)}), type tags left out;</li>
 * <li>{@link #type} and {@link #declaration(Btf, int)}, for compatibility messages, which must
 *     show everything that can differ: parameter names, type tags as
 *     {@code __attribute__((btf_type_tag("...")))} next to the qualifiers, the storage class of a
 *     FUNC or VAR ({@code extern}, {@code static}), {@code SEC("...")} for a DATASEC, and a
 *     DECL_TAG as a trailing {@code __attribute__((btf_decl_tag("...")))} on what it tags.</li>
 * </ul>
 * The declarator itself always comes from {@link Declarator}, the one algorithm the module has
 * for it.
 */
public final class Spelling {
    private static final int MAX_DECL_TAGS = 64;

    private Spelling() {
    }

    /**
     * The plain C spelling of a type: {@code struct foo *}, {@code const char[16]},
     * {@code int (*)(struct xdp_md *)}. Anonymous composites print as {@code struct {...}}.
     * A FUNC prints as its prototype with its name: {@code int f(struct xdp_md *)}.
     */
    public static String name(Btf btf, int id) {
        return new Declarator(btf, false).declare(id, "");
    }

    /** A plain declaration of {@code ident} with type {@code id}, parameter names included. */
    public static String declaration(Btf btf, int id, String ident) {
        return new Declarator(btf, true).declare(id, ident);
    }

    /** The type as a compatibility message shows it: {@code const char *}; the same as {@link #declaration}. */
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
        return switch (t.kind()) {
            case FUNC -> storage(((BtfType.Func) t).linkage()) + declarator(btf, id, "");
            case VAR -> storage(((BtfType.Var) t).linkage()) + declarator(btf, id, "");
            case DATASEC -> "SEC(\"" + t.name() + "\")";
            case VOID, INT, PTR, ARRAY, STRUCT, UNION, ENUM, ENUM64, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT,
                    FUNC_PROTO, FLOAT, DECL_TAG, TYPE_TAG -> declarator(btf, id, "");
        };
    }

    /** The storage-class word of a FUNC or VAR linkage, with its trailing space; "" for global. */
    public static String storage(int linkage) {
        return linkage == BtfType.Func.STATIC ? "static " : linkage == BtfType.Func.EXTERN ? "extern " : "";
    }

    /** {@code type} declared as {@code ident} ("" for a bare type), without storage class. */
    public static String declarator(Btf btf, int type, String ident) {
        return new Declarator(btf, true, true).declare(type, ident);
    }
}
