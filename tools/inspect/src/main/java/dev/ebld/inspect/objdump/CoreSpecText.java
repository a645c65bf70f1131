package dev.ebld.inspect.objdump;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.ArrayList;
import java.util.List;

/**
 * Describes one CO-RE relocation like LLVM's {@code BTFParser::symbolize}:
 * {@code <kind> [type id] <modifiers> <kind word> <name>}, then for field relocations
 * {@code ::<member path> (<access string>)} and for enum relocations {@code ::<enumerator> = <value>}.
 * On inconsistent input it falls back to LLVM's {@code <kind> [id] '<spec>' <message>} form.
 */
final class CoreSpecText {
    private static final String[] KIND_NAMES = {
        "byte_off", "byte_sz", "field_exists", "signed", "lshift_u64", "rshift_u64",
        "local_type_id", "target_type_id", "type_exists", "type_size", "enumval_exists",
        "enumval_value", "type_matches"};
    private static final long SIGN_OR_UNION_FLAG = 0x80000000L;

    private final Btf btf;

    CoreSpecText(Btf btf) {
        this.btf = btf;
    }

    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    String describe(CoreRelocations.Record r) {
        String spec = string(btf, r.accessStrOff());
        try {
            long[] raw = parseSpec(spec);
            StringBuilder sb = new StringBuilder(kindName(r.kind()));
            int id = typeHead(r, sb);
            group(r, raw, id, sb, spec);
            return sb.toString();
        } catch (Failure f) {
            return kindName(r.kind()) + " [" + r.typeId() + "] '" + spec + "' <" + f.getMessage() + ">";
        }
    }

    private static String kindName(long kind) {
        return "<" + (kind >= 0 && kind < KIND_NAMES.length ? KIND_NAMES[(int) kind]
                : "reloc kind #" + kind) + ">";
    }

    /** Splits {@code 0:1:2} like LLVM: numbers joined by ':'; a trailing ':' is accepted. */
    private static long[] parseSpec(String spec) throws Failure {
        List<Long> out = new ArrayList<>();
        int pos = 0;
        while (pos < spec.length()) {
            int digits = pos;
            while (digits < spec.length() && spec.charAt(digits) >= '0' && spec.charAt(digits) <= '9') {
                digits++;
            }
            long value;
            try {
                value = Long.parseUnsignedLong(spec.substring(pos, digits));
            } catch (NumberFormatException e) {
                throw new Failure("spec string is not a number");
            }
            out.add(value & 0xffffffffL);
            if (digits == spec.length()) {
                break;
            }
            if (spec.charAt(digits) != ':') {
                throw new Failure("unexpected spec string delimiter: '" + spec.charAt(digits) + "'");
            }
            pos = digits + 1;
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Appends {@code [id]}, modifiers and the type name; returns the id after modifiers. */
    private int typeHead(CoreRelocations.Record r, StringBuilder sb) throws Failure {
        long cur = r.typeId();
        if (!has(cur)) {
            throw new Failure("unknown type id: " + (int) cur);
        }
        sb.append(" [").append(cur).append(']');
        for (int chain = 0; appendMod(btf.type((int) cur), sb); chain++) {
            if (chain >= 32) {
                throw new Failure("modifiers chain is too long");
            }
            cur = ((BtfType.Ref) btf.type((int) cur)).type() & 0xffffffffL;
            if (!has(cur)) {
                throw new Failure("unknown type id: " + (int) cur + " in modifiers chain");
            }
        }
        int id = (int) cur;
        if (id == 0) {
            sb.append(" void");
        } else {
            BtfType t = btf.type(id);
            sb.append(kindWord(t)).append(' ').append(nameOrAnon(t.name(), id));
        }
        return id;
    }

    /** Whether {@code id} names a type: void or one of the blob's. */
    private boolean has(long id) {
        return id >= 0 && id < btf.typeCount();
    }

    private static boolean appendMod(BtfType t, StringBuilder sb) {
        if (!t.kind().isModifier()) {
            return false;
        }
        sb.append(switch (t.kind()) {
            case CONST -> " const";
            case VOLATILE -> " volatile";
            case RESTRICT -> " restrict";
            case TYPE_TAG -> " type_tag(\"" + t.name() + "\")";
            case VOID, INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, FUNC, FUNC_PROTO, VAR,
                 DATASEC, FLOAT, DECL_TAG, ENUM64 -> throw new AssertionError(t.kind());
        });
        return true;
    }

    private static String kindWord(BtfType t) {
        return switch (t.kind()) {
            case TYPEDEF -> " typedef";
            case STRUCT -> " struct";
            case UNION -> " union";
            case ENUM, ENUM64 -> " enum";
            case FWD -> t.kindFlag() ? " fwd union" : " fwd struct";
            case VOID, INT, PTR, ARRAY, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR, DATASEC,
                 FLOAT, DECL_TAG, TYPE_TAG -> "";
        };
    }

    private static String nameOrAnon(String name, long idx) {
        return name.isEmpty() ? "<anon " + idx + ">" : name;
    }

    private void group(CoreRelocations.Record r, long[] raw, int id, StringBuilder sb, String spec)
            throws Failure {
        long k = r.kind();
        if (k >= 6 && k <= 9 || k == 12) {
            if (raw.length != 1 || raw[0] != 0) {
                throw new Failure("unexpected type-based relocation spec: should be '0'");
            }
            return;
        }
        if (k == 10 || k == 11) {
            sb.append("::");
            enumValue(raw, id, sb);
            return;
        }
        if (k < 0 || k > 5) {
            throw new Failure("unknown relocation kind: " + (int) k);
        }
        sb.append("::");
        fieldPath(raw, id, sb);
        sb.append(" (").append(spec).append(')');
    }

    private BtfType skipModsAndTypedefs(int id) {
        BtfType cur = btf.type(id);
        while (cur.kind().isModifier() || cur.kind() == BtfKind.TYPEDEF) {
            long base = ((BtfType.Ref) cur).type() & 0xffffffffL;
            if (!has(base)) {
                return cur;
            }
            cur = btf.type((int) base);
        }
        return cur;
    }

    private void enumValue(long[] raw, int id, StringBuilder sb) throws Failure {
        BtfType t = skipModsAndTypedefs(id);
        if (raw.length != 1) {
            throw new Failure("unexpected enumval relocation spec size");
        }
        long idx = raw[0];
        String name;
        long value;
        if (t instanceof BtfType.EnumType e) {
            checkIndex(idx, e.values().size());
            name = e.values().get((int) idx).name();
            value = e.values().get((int) idx).value();
        } else if (t instanceof BtfType.Enum64Type e) {
            checkIndex(idx, e.values().size());
            name = e.values().get((int) idx).name();
            value = e.values().get((int) idx).value();
        } else {
            throw new Failure("unexpected type kind for enum relocation: " + t.kind().code());
        }
        sb.append(nameOrAnon(name, idx)).append(" = ")
                .append(t.kindFlag() ? Long.toString(value) : Long.toUnsignedString(value));
    }

    private static void checkIndex(long idx, int vlen) throws Failure {
        if (vlen <= idx) {
            throw new Failure("bad value index: " + (int) idx);
        }
    }

    private void fieldPath(long[] raw, int id, StringBuilder sb) throws Failure {
        if (raw.length < 1) {
            throw new Failure("field spec too short");
        }
        if (raw[0] != 0) {
            sb.append('[').append(raw[0]).append(']');
        }
        int t = id;
        for (int i = 1; i < raw.length; i++) {
            BtfType type = skipModsAndTypedefs(t);
            long idx = raw[i];
            if (type instanceof BtfType.Composite c) {
                if (c.members().size() <= idx) {
                    throw new Failure("member index " + (int) idx + " for spec sub-string " + i
                            + " is out of range");
                }
                if (i != 1 || raw[0] != 0) {
                    sb.append('.');
                }
                BtfType.Member m = c.members().get((int) idx);
                sb.append(nameOrAnon(m.name(), idx));
                t = next(m.type(), "member", i);
            } else if (type instanceof BtfType.Array a) {
                sb.append('[').append(idx).append(']');
                t = next(a.elemType(), "element", i);
            } else {
                throw new Failure("unexpected type kind " + type.kind().code() + " for spec sub-string " + i);
            }
        }
    }

    /** The member or element type {@code ref}, checked like LLVM checks it. */
    private int next(int ref, String what, int i) throws Failure {
        long id = ref & 0xffffffffL;
        if (!has(id)) {
            throw new Failure("unknown " + what + " type id " + (int) id + " for spec sub-string " + i);
        }
        return (int) id;
    }

    /** The string at {@code off}; empty when out of range, as LLVM's {@code StringRef::slice}. */
    static String string(Btf btf, long off) {
        return off >= 0 && off < btf.stringsEnd() ? btf.string((int) off) : "";
    }
}
