package dev.ebld.btf.c;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;

import java.util.List;

/**
 * Writes BTF as a C header that compiles, like {@code bpftool btf dump file F format c}.
 *
 * <h2>Ordering</h2>
 * C needs a type declared before it is named and complete before it is used by value. The dump
 * is laid out in three parts:
 * <ol>
 * <li>a forward declaration of every named struct and union (and FWD), so pointers to them
 *     never need anything else;</li>
 * <li>every named enum, and anonymous enums nothing refers to (enums depend on nothing);</li>
 * <li>typedefs and struct/union definitions, each emitted by a depth-first walk that first
 *     emits what it needs.</li>
 * </ol>
 * The walk ({@link #need}) follows a type chain in one of two modes. COMPLETE (a member or array
 * element by value) needs the full definition of a named struct behind it; DECLARED (behind a
 * pointer, or a typedef's target, or a prototype's parameters) needs only that names are
 * declared, which for structs the forward declarations already did, and for typedefs means
 * emitting the typedef. Anonymous structs, unions and enums are written inline where used, so
 * the walk descends into their members. Since the reader rejected loops of by-value references
 * and loops without a struct, the walk ends; an anonymous struct that reaches itself through a
 * pointer is cut there (printed as {@code void}).
 *
 * <p>An anonymous enum used in two places would define its enumerators twice, so only its first
 * use is written inline; later uses get the integer type of its size. Names that clash are made
 * unique by {@link UniqueNames}. {@link StructLayout} adds the padding and packing that make the
 * compiler's layout match the BTF offsets and sizes.
 */
public final class HeaderWriter extends Declarator {
    private static final int MAX_NESTING = 1000;
    private static final byte NONE = 0;
    private static final byte BUSY = 1;
    private static final byte DONE = 2;
    /** What {@link #walkNeeds}' switch yields when the chain needs nothing further. */
    private static final int END = -1;

    private final UniqueNames names;
    private final StructLayout layout;
    private final StringBuilder out;
    private final byte[] state;
    private final boolean[] enumPrinted;
    private int indent;
    private int nesting;
    private boolean definedRecord;

    private HeaderWriter(Btf btf, StringBuilder out) {
        super(btf, false);
        this.names = new UniqueNames(btf);
        this.layout = new StructLayout(btf);
        this.out = out;
        this.state = new byte[btf.typeCount()];
        this.enumPrinted = new boolean[btf.typeCount()];
    }

    /**
     * A C header declaring every type, in an order clang accepts: forward declarations, enums,
     * then typedefs and structs each after what it needs (like {@code bpftool ... format c}, not
     * byte-identical to it).
     */
    public static String write(Btf btf) {
        StringBuilder out = new StringBuilder(btf.types().size() * 48);
        StringBuilder body = new StringBuilder(out.capacity());
        HeaderWriter d = new HeaderWriter(btf, body);
        d.forwardDeclarations();
        d.enums();
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if (t.kind() == BtfKind.TYPEDEF) {
                d.ensureTypedef(id);
            } else if (t.kind().isComposite() && !t.name().isEmpty()) {
                d.ensureComplete(id);
            }
        }
        // As in bpftool's vmlinux.h, BPF programs get CO-RE relocations for every struct access.
        // clang warns about an attribute region without struct definitions: only when there are.
        String guard = "#if defined(__bpf__) && !defined(BPF_NO_PRESERVE_ACCESS_INDEX)\n";
        out.append("#ifndef __EBLD_BTF_H__\n#define __EBLD_BTF_H__\n\n");
        if (d.definedRecord) {
            out.append(guard).append("#pragma clang attribute push (__attribute__((preserve_access_index)), ")
                    .append("apply_to = record)\n#endif\n\n");
        }
        out.append(body);
        if (d.definedRecord) {
            out.append(guard).append("#pragma clang attribute pop\n#endif\n\n");
        }
        out.append("#endif /* __EBLD_BTF_H__ */\n");
        return out.toString();
    }

    private void forwardDeclarations() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if ((t.kind().isComposite() || t.kind() == BtfKind.FWD) && !t.name().isEmpty()) {
                String decl = base(id, t);
                if (seen.add(decl)) {
                    out.append(decl).append(";\n");
                }
            }
        }
        out.append('\n');
    }

    /** Named enums, and anonymous ones no other type refers to. */
    private void enums() {
        boolean[] referenced = new boolean[btf.typeCount()];
        for (int id = 1; id < btf.typeCount(); id++) {
            for (int r : btf.type(id).refs()) {
                referenced[r] = true;
            }
        }
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            boolean isEnum = t.kind() == BtfKind.ENUM || t.kind() == BtfKind.ENUM64;
            if (isEnum && (!t.name().isEmpty() || !referenced[id])) {
                out.append(enumBody(id, t)).append(";\n\n");
            }
        }
    }

    private void ensureTypedef(int id) {
        if (state[id] != NONE) {
            return;
        }
        state[id] = BUSY;
        BtfType.Typedef t = (BtfType.Typedef) btf.type(id);
        if (t.name().equals("__builtin_va_list")) {
            state[id] = DONE; // the compiler declares it; redefining it is an error
            return;
        }
        need(t.type(), false);
        out.append("typedef ").append(declare(t.type(), names.of(id))).append(";\n\n");
        state[id] = DONE;
    }

    private void ensureComplete(int id) {
        if (state[id] != NONE) {
            return;
        }
        state[id] = BUSY;
        BtfType.Composite c = (BtfType.Composite) btf.type(id);
        for (BtfType.Member m : c.members()) {
            need(m.type(), true);
        }
        out.append(compositeBody(id, c)).append(";\n\n");
        state[id] = DONE;
    }

    /**
     * Emits what naming {@code id} needs; {@code complete} when it is used by value. Every
     * recursion of the walk passes here, so the nesting cap here bounds the Java stack.
     */
    private void need(int id, boolean complete) {
        if (++nesting > MAX_NESTING) {
            throw new IllegalStateException("type [" + id + "] is nested more than " + MAX_NESTING
                    + " levels deep; too deep for the C dump");
        }
        try {
            walkNeeds(id, complete);
        } finally {
            nesting--;
        }
    }

    private void walkNeeds(int id, boolean complete) {
        while (true) {
            BtfType t = btf.type(id);
            int next = switch (t.kind()) {
                case CONST, VOLATILE, RESTRICT, TYPE_TAG -> ((BtfType.Ref) t).type();
                case PTR -> {
                    complete = false;
                    yield ((BtfType.Ptr) t).type();
                }
                case ARRAY -> {
                    complete = true;
                    yield ((BtfType.Array) t).elemType();
                }
                case TYPEDEF -> {
                    ensureTypedef(id);
                    yield complete ? ((BtfType.Typedef) t).type() : END;
                }
                case STRUCT, UNION -> {
                    needComposite(id, (BtfType.Composite) t, complete);
                    yield END;
                }
                case FUNC_PROTO -> {
                    needProto((BtfType.FuncProto) t);
                    yield END;
                }
                // need nothing written before them
                case VOID, INT, ENUM, ENUM64, FWD, FUNC, VAR, DATASEC, FLOAT, DECL_TAG -> END;
            };
            if (next == END) {
                return;
            }
            id = next;
        }
    }

    private void needProto(BtfType.FuncProto f) {
        need(f.returnType(), false);
        for (BtfType.Param p : f.params()) {
            need(p.type(), false);
        }
    }

    private void needComposite(int id, BtfType.Composite c, boolean complete) {
        if (!c.name().isEmpty()) {
            if (complete) {
                ensureComplete(id);
            }
        } else if (state[id] == NONE) {
            state[id] = BUSY; // anonymous: written inline, so what its members need comes first
            for (BtfType.Member m : c.members()) {
                need(m.type(), true);
            }
            state[id] = NONE;
        }
    }

    @Override
    String base(int id, BtfType t) {
        return switch (t.kind()) {
            case STRUCT, UNION -> compositeBase(id, (BtfType.Composite) t);
            case ENUM, ENUM64 -> {
                if (!t.name().isEmpty()) {
                    yield "enum " + names.of(id);
                }
                yield enumPrinted[id] ? intOfSize(t) : enumBody(id, t);
            }
            case FWD -> (t.kindFlag() ? "union " : "struct ") + names.of(id);
            case TYPEDEF -> names.of(id);
            case VOID, INT, PTR, ARRAY, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG,
                    TYPE_TAG -> super.base(id, t);
        };
    }

    /** A named composite by its unique tag; an anonymous one inline, or void where it reaches itself. */
    private String compositeBase(int id, BtfType.Composite c) {
        if (!c.name().isEmpty()) {
            return (c.kind() == BtfKind.STRUCT ? "struct " : "union ") + names.of(id);
        }
        return state[id] == NONE ? compositeBody(id, c) : "void";
    }

    private String compositeBody(int id, BtfType.Composite c) {
        byte saved = state[id];
        state[id] = BUSY; // an anonymous struct reaching itself prints void there
        definedRecord = true;
        StringBuilder sb = new StringBuilder(c.kind() == BtfKind.STRUCT ? "struct" : "union");
        if (!c.name().isEmpty()) {
            sb.append(' ').append(names.of(id));
        }
        sb.append(" {\n");
        indent++;
        String tabs = tabs(new StringBuilder(), indent).toString();
        StructLayout.Plan plan = layout.plan(id, c, tabs);
        for (int i = 0; i < c.members().size(); i++) {
            BtfType.Member m = c.members().get(i);
            BtfTypes.MemberLayout ml = BtfTypes.memberLayout(btf, c, i);
            if (plan != null && plan.before()[i] != null) {
                sb.append(plan.before()[i]);
            }
            sb.append(tabs).append(declare(m.type(), m.name()));
            if (ml.isBitfield()) {
                sb.append(": ").append(ml.bitfieldSize());
            }
            sb.append(";\n");
        }
        if (plan != null) {
            sb.append(plan.tail());
        }
        indent--;
        tabs(sb, indent).append('}');
        if (plan != null && plan.packed()) {
            sb.append(" __attribute__((packed))");
        }
        state[id] = saved;
        return sb.toString();
    }

    private String enumBody(int id, BtfType t) {
        enumPrinted[id] = true;
        StringBuilder sb = new StringBuilder("enum");
        if (!t.name().isEmpty()) {
            sb.append(' ').append(names.of(id));
        }
        sb.append(" {\n");
        indent++;
        if (t instanceof BtfType.EnumType e) {
            List<BtfType.EnumValue> vs = e.values();
            for (int i = 0; i < vs.size(); i++) {
                String v = e.signed() ? Integer.toString(vs.get(i).value()) : Integer.toUnsignedString(vs.get(i).value());
                tabs(sb, indent).append(names.enumerator(id, i)).append(" = ").append(v).append(",\n");
            }
        } else {
            BtfType.Enum64Type e = (BtfType.Enum64Type) t;
            List<BtfType.Enum64Value> vs = e.values();
            for (int i = 0; i < vs.size(); i++) {
                long v = vs.get(i).value();
                String s = e.signed() ? v + "LL" : Long.toUnsignedString(v) + "ULL";
                tabs(sb, indent).append(names.enumerator(id, i)).append(" = ").append(s).append(",\n");
            }
        }
        indent--;
        tabs(sb, indent).append('}');
        // C makes an enum int-sized; BTF records the size the source asked for (packed, C23 ": u8")
        int size = ((BtfType.Sized) t).size();
        switch (size) {
            case 1: return sb.append(" __attribute__((mode(QI)))").toString();
            case 2: return sb.append(" __attribute__((mode(HI)))").toString();
            case 8: return sb.append(" __attribute__((mode(DI)))").toString();
            default: return sb.toString();
        }
    }

    private static String intOfSize(BtfType t) {
        int s = ((BtfType.Sized) t).size();
        switch (s) {
            case 1: return "unsigned char";
            case 2: return "unsigned short";
            case 8: return "unsigned long long";
            default: return "unsigned int";
        }
    }

    private static StringBuilder tabs(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append('\t');
        }
        return sb;
    }
}
