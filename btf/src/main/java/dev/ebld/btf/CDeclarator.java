package dev.ebld.btf;

import java.util.List;

/**
 * Spells a BTF type as a C declaration. C declarators read inside-out: the declarator text is
 * grown around the identifier as the type chain is walked from the outside in ({@code *} is
 * prefixed; {@code [n]} and {@code (params)} are appended, with parentheses when a pointer
 * already sits in front), and the base type (a name or tag) is written last, in front.
 *
 * <p>Qualifiers (const, volatile, restrict) that apply to a pointer are written after its
 * {@code *}; those that reach a base type are written before it ({@code const char}). Type tags
 * are left out. Subclasses decide how base types are spelled (the C dumper writes anonymous
 * structs inline).
 *
 * <p>The reader has checked that every non-member reference chain ends, so the walk loop needs
 * no bound; nested prototypes recurse, with a depth cap in case of hostile nesting.
 */
class CDeclarator {
    private static final int MAX_DEPTH = 256;

    final Btf btf;
    private final boolean paramNames;
    private int depth;

    CDeclarator(Btf btf, boolean paramNames) {
        this.btf = btf;
        this.paramNames = paramNames;
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
        StringBuilder quals = new StringBuilder();
        while (true) {
            BtfType t = btf.type(id);
            switch (t.kind()) {
                case CONST: case VOLATILE: case RESTRICT: {
                    // const over an array of const elements says the same thing once
                    String q = t.kind().name().toLowerCase() + ' ';
                    if (quals.indexOf(q) < 0) {
                        quals.append(q);
                    }
                    id = ((BtfType.Ref) t).type();
                    break;
                }
                case TYPE_TAG:
                    id = ((BtfType.Ref) t).type();
                    break;
                case PTR:
                    decl = "*" + spaced(quals, decl);
                    quals.setLength(0);
                    id = ((BtfType.Ptr) t).type();
                    break;
                case ARRAY: {
                    BtfType.Array a = (BtfType.Array) t;
                    decl = wrap(decl) + "[" + Integer.toUnsignedString(a.nelems()) + "]";
                    id = a.elemType();
                    break;
                }
                case FUNC_PROTO: {
                    BtfType.FuncProto f = (BtfType.FuncProto) t;
                    decl = wrap(decl) + params(f);
                    quals.setLength(0); // qualifiers on a function type mean nothing in C
                    id = f.returnType();
                    break;
                }
                case FUNC:
                case VAR:
                    decl = join(t.name(), decl);
                    id = ((BtfType.Ref) t).type();
                    break;
                default:
                    return join(quals + base(id, t), decl);
            }
        }
    }

    /** How a base type is spelled: void, a scalar or typedef name, or a tag. */
    String base(int id, BtfType t) {
        switch (t.kind()) {
            case VOID: return "void";
            case STRUCT: return tagged("struct", t);
            case UNION: return tagged("union", t);
            case ENUM: case ENUM64: return tagged("enum", t);
            case FWD: return tagged(t.kindFlag() ? "union" : "struct", t);
            case DATASEC: return "/* DATASEC " + t.name() + " */ void";
            case DECL_TAG: return "/* DECL_TAG " + t.name() + " */ void";
            default: return t.name();
        }
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

    private static String spaced(CharSequence quals, String decl) {
        if (quals.length() == 0) {
            return decl;
        }
        String q = quals.toString().trim();
        return decl.isEmpty() ? q : q + " " + decl;
    }

    /** Base and declarator: {@code int x}, {@code char[16]}, {@code struct foo *}. */
    static String join(String base, String decl) {
        if (decl.isEmpty()) {
            return base;
        }
        return decl.startsWith("[") ? base + decl : base + " " + decl;
    }
}
