package dev.ebld.disasm;

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

    private final BtfTypeTable btf;

    CoreSpecText(BtfTypeTable btf) {
        this.btf = btf;
    }

    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    String describe(CoreRelocations.Record r) {
        String spec = btf.string(r.accessStrOff());
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
        if (!btf.has(cur)) {
            throw new Failure("unknown type id: " + (int) cur);
        }
        sb.append(" [").append(cur).append(']');
        for (int chain = 0; appendMod((int) cur, sb); chain++) {
            if (chain >= 32) {
                throw new Failure("modifiers chain is too long");
            }
            cur = btf.sizeOrType((int) cur);
            if (!btf.has(cur)) {
                throw new Failure("unknown type id: " + (int) cur + " in modifiers chain");
            }
        }
        int id = (int) cur;
        if (id == 0) {
            sb.append(" void");
        } else {
            sb.append(kindWord(id)).append(' ').append(nameOrAnon(btf.nameOff(id), id));
        }
        return id;
    }

    private boolean appendMod(int id, StringBuilder sb) {
        switch (btf.kind(id)) {
            case BtfTypeTable.KIND_CONST:
                sb.append(" const");
                return true;
            case BtfTypeTable.KIND_VOLATILE:
                sb.append(" volatile");
                return true;
            case BtfTypeTable.KIND_RESTRICT:
                sb.append(" restrict");
                return true;
            case BtfTypeTable.KIND_TYPE_TAG:
                sb.append(" type_tag(\"").append(btf.string(btf.nameOff(id))).append("\")");
                return true;
            default:
                return false;
        }
    }

    private String kindWord(int id) {
        switch (btf.kind(id)) {
            case BtfTypeTable.KIND_TYPEDEF:
                return " typedef";
            case BtfTypeTable.KIND_STRUCT:
                return " struct";
            case BtfTypeTable.KIND_UNION:
                return " union";
            case BtfTypeTable.KIND_ENUM:
            case BtfTypeTable.KIND_ENUM64:
                return " enum";
            case BtfTypeTable.KIND_FWD:
                return (btf.info(id) & SIGN_OR_UNION_FLAG) != 0 ? " fwd union" : " fwd struct";
            default:
                return "";
        }
    }

    private String nameOrAnon(long nameOff, long idx) {
        String s = btf.string(nameOff);
        return s.isEmpty() ? "<anon " + idx + ">" : s;
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

    private int skipModsAndTypedefs(int id) {
        int cur = id;
        for (;;) {
            int kind = btf.kind(cur);
            boolean mod = kind == BtfTypeTable.KIND_CONST || kind == BtfTypeTable.KIND_VOLATILE
                    || kind == BtfTypeTable.KIND_RESTRICT || kind == BtfTypeTable.KIND_TYPE_TAG;
            if (!mod && kind != BtfTypeTable.KIND_TYPEDEF) {
                return cur;
            }
            long base = btf.sizeOrType(cur);
            if (!btf.has(base)) {
                return cur;
            }
            cur = (int) base;
        }
    }

    private void enumValue(long[] raw, int id, StringBuilder sb) throws Failure {
        int t = skipModsAndTypedefs(id);
        if (raw.length != 1) {
            throw new Failure("unexpected enumval relocation spec size");
        }
        long idx = raw[0];
        int kind = btf.kind(t);
        if (kind != BtfTypeTable.KIND_ENUM && kind != BtfTypeTable.KIND_ENUM64) {
            throw new Failure("unexpected type kind for enum relocation: " + kind);
        }
        if (btf.vlen(t) <= idx) {
            throw new Failure("bad value index: " + (int) idx);
        }
        long value;
        long nameOff;
        if (kind == BtfTypeTable.KIND_ENUM) {
            nameOff = btf.tail(t, 2 * (int) idx);
            value = (int) btf.tail(t, 2 * (int) idx + 1);
        } else {
            nameOff = btf.tail(t, 3 * (int) idx);
            value = btf.tail(t, 3 * (int) idx + 2) << 32 | btf.tail(t, 3 * (int) idx + 1);
        }
        boolean signed = (btf.info(t) & SIGN_OR_UNION_FLAG) != 0;
        sb.append(nameOrAnon(nameOff, idx)).append(" = ")
                .append(signed ? Long.toString(value) : Long.toUnsignedString(value));
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
            t = skipModsAndTypedefs(t);
            long idx = raw[i];
            int kind = btf.kind(t);
            if (kind == BtfTypeTable.KIND_STRUCT || kind == BtfTypeTable.KIND_UNION) {
                if (btf.vlen(t) <= idx) {
                    throw new Failure("member index " + (int) idx + " for spec sub-string " + i
                            + " is out of range");
                }
                if (i != 1 || raw[0] != 0) {
                    sb.append('.');
                }
                sb.append(nameOrAnon(btf.tail(t, 3 * (int) idx), idx));
                long member = btf.tail(t, 3 * (int) idx + 1);
                if (!btf.has(member)) {
                    throw new Failure("unknown member type id " + (int) member
                            + " for spec sub-string " + i);
                }
                t = (int) member;
            } else if (kind == BtfTypeTable.KIND_ARRAY) {
                sb.append('[').append(idx).append(']');
                long elem = btf.tail(t, 0);
                if (!btf.has(elem)) {
                    throw new Failure("unknown element type id " + (int) elem
                            + " for spec sub-string " + i);
                }
                t = (int) elem;
            } else {
                throw new Failure("unexpected type kind " + kind + " for spec sub-string " + i);
            }
        }
    }
}
