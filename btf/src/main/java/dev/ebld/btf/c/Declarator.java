package dev.ebld.btf.c;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.ArrayList;
import java.util.List;

/**
 * Spells a BTF type as a C declaration. C declarators read inside-out: the declarator text is
 * grown around the identifier as the type chain is walked from the outside in ({@code *} is
 * prefixed; {@code [n]} and {@code (params)} are appended, with parentheses when a pointer
 * already sits in front), and the base type (a name or tag) is written last, in front.
 *
 * <p>Qualifiers (const, volatile, restrict) are collected while walking and written where the
 * walk stops: after the {@code *} of the pointer they qualify ({@code int *const}), or before
 * the base type ({@code const char}). Collecting them, rather than writing each at once, is what
 * puts them in the right place when an array lies between: const over an array qualifies its
 * elements, so {@code const (int *[4])} is {@code int *const [4]}, and a pointer to
 * {@code const int[4]} is {@code const int (*)[4]}. A qualifier already collected is not
 * written twice (const over an array of const elements). Qualifiers that reach a function type
 * are dropped: C has no place for them and they mean nothing there.
 *
 * <p>This is the one declarator algorithm of the module: {@link Spelling#name} and
 * {@link Spelling#declaration} use it plainly, the C dumper overrides how base types are
 * spelled, and {@link Spelling} asks for type tags as attributes, which then travel
 * with the qualifiers ({@code __attribute__((btf_type_tag("user"))) int *}). By default type
 * tags are left out.
 *
 * <p>The reader has checked that every non-member reference chain ends, so the walk loop needs
 * no bound; nested prototypes recurse, with a depth cap in case of hostile nesting.
 */
class Declarator {
    private static final int MAX_DEPTH = 256;
    /** What the walk's switch yields at a base type, where the declarator is complete. */
    private static final int BASE = -1;

    final Btf btf;
    private final boolean paramNames;
    private final boolean typeTags;
    private int depth;

    Declarator(Btf btf, boolean paramNames) {
        this(btf, paramNames, false);
    }

    /**
     * @param paramNames whether prototype parameters keep their names
     * @param typeTags whether TYPE_TAGs are written, as {@code __attribute__((btf_type_tag(...)))}
     */
    Declarator(Btf btf, boolean paramNames, boolean typeTags) {
        this.btf = btf;
        this.paramNames = paramNames;
        this.typeTags = typeTags;
    }

    /** {@code type} declared as {@code ident} ("" for an abstract declarator). */
    String declare(int type, String ident) {
        if (++depth > MAX_DEPTH) {
            depth--;
            return join("void", "/* nesting too deep */ " + ident);
        }
        try {
            return walk(type, ident);
        } finally {
            depth--;
        }
    }

    private String walk(int id, String decl) {
        List<String> quals = new ArrayList<>(2);
        while (true) {
            BtfType t = btf.type(id);
            int next = switch (t.kind()) {
                case CONST, VOLATILE, RESTRICT -> {
                    qualify(quals, qualifier(t.kind()));
                    yield ((BtfType.Ref) t).type();
                }
                case TYPE_TAG -> {
                    if (typeTags) {
                        qualify(quals, "__attribute__((btf_type_tag(\"" + t.name() + "\")))");
                    }
                    yield ((BtfType.Ref) t).type();
                }
                case PTR -> {
                    decl = "*" + qualified(quals, decl);
                    quals.clear();
                    yield ((BtfType.Ptr) t).type();
                }
                case ARRAY -> {
                    BtfType.Array a = (BtfType.Array) t;
                    decl = wrap(decl) + "[" + Integer.toUnsignedString(a.nelems()) + "]";
                    yield a.elemType();
                }
                case FUNC_PROTO -> {
                    BtfType.FuncProto f = (BtfType.FuncProto) t;
                    decl = wrap(decl) + params(f);
                    quals.clear(); // C has no place for qualifiers or tags on a function type
                    yield f.returnType();
                }
                case FUNC, VAR -> {
                    decl = join(t.name(), decl);
                    yield ((BtfType.Ref) t).type();
                }
                case VOID, INT, STRUCT, UNION, ENUM, ENUM64, FWD, TYPEDEF, DATASEC, FLOAT, DECL_TAG -> BASE;
            };
            if (next == BASE) {
                quals.add(base(id, t));
                return join(String.join(" ", quals), decl);
            }
            id = next;
        }
    }

    private static String qualifier(BtfKind kind) {
        return kind == BtfKind.CONST ? "const" : kind == BtfKind.VOLATILE ? "volatile" : "restrict";
    }

    /** The qualifiers of a pointer before the rest of its declarator: {@code const p}. */
    private static String qualified(List<String> quals, String decl) {
        if (quals.isEmpty()) {
            return decl;
        }
        String q = String.join(" ", quals);
        return decl.isEmpty() ? q : q + " " + decl;
    }

    private static void qualify(List<String> quals, String word) {
        if (!quals.contains(word)) {
            quals.add(word);
        }
    }

    /** How a base type is spelled: void, a scalar or typedef name, or a tag. */
    String base(int id, BtfType t) {
        return switch (t.kind()) {
            case VOID -> "void";
            case STRUCT -> tagged("struct", t);
            case UNION -> tagged("union", t);
            case ENUM, ENUM64 -> tagged("enum", t);
            case FWD -> tagged(t.kindFlag() ? "union" : "struct", t);
            case DATASEC -> "/* DATASEC " + t.name() + " */ void";
            case DECL_TAG -> "/* DECL_TAG " + t.name() + " */ void";
            case INT, TYPEDEF, FLOAT -> t.name();
            // not base types: the walk went past them; their own name, as a last resort
            case PTR, ARRAY, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR, TYPE_TAG -> t.name();
        };
    }

    private static String tagged(String tag, BtfType t) {
        return t.name().isEmpty() ? tag + " {...}" : tag + " " + t.name();
    }

    private String params(BtfType.FuncProto f) {
        List<BtfType.Param> ps = f.params();
        if (ps.isEmpty()) {
            return "(void)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < ps.size(); i++) {
            BtfType.Param p = ps.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            if (i == ps.size() - 1 && f.variadic()) {
                sb.append("...");
            } else {
                sb.append(declare(p.type(), paramNames ? p.name() : ""));
            }
        }
        return sb.append(')').toString();
    }

    /** A declarator that starts with a pointer needs parentheses before {@code []} or {@code ()}. */
    private static String wrap(String decl) {
        return decl.startsWith("*") ? "(" + decl + ")" : decl;
    }

    /** Base and declarator: {@code int x}, {@code char[16]}, {@code struct foo *}. */
    static String join(String base, String decl) {
        if (decl.isEmpty()) {
            return base;
        }
        return decl.startsWith("[") ? base + decl : base + " " + decl;
    }
}
