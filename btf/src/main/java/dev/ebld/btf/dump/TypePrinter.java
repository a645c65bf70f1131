package dev.ebld.btf.dump;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.internal.AsciiBuffer;
import dev.ebld.btf.internal.ScannedSection;


/**
 * The text {@code bpftool btf dump file FILE} prints (bpftool 7.1): one line per type,
 * {@code [id] KIND 'name' fields}, then one tab-indented line per member, enumerator, parameter
 * or section variable. Split BTF prints only its own types, ids continuing after the base.
 *
 * <p>Printed straight from the checked section bytes, names copied from the string section as
 * stored: for vmlinux's 130 000 types, decoding the model first (a record per type and member, a
 * String per name) took twice as long as printing.
 */
final class TypePrinter {
    private static final byte[] ANON = AsciiBuffer.lit("(anon)");
    /** Quotes around names are folded into the literals next to them: one call fewer each. */
    private static final byte[] NL_TAB_Q = AsciiBuffer.lit("\n\t'");
    private static final byte[] Q_TYPE_ID = AsciiBuffer.lit("' type_id=");
    private static final byte[] Q_VAL = AsciiBuffer.lit("' val=");
    private static final byte[] TYPE_ID = AsciiBuffer.lit(" type_id=");
    private static final byte[] BITS_OFFSET = AsciiBuffer.lit(" bits_offset=");
    private static final byte[] BITFIELD_SIZE = AsciiBuffer.lit(" bitfield_size=");
    private static final byte[] SIZE = AsciiBuffer.lit(" size=");
    private static final byte[] VLEN = AsciiBuffer.lit(" vlen=");
    private static final byte[] VAL = AsciiBuffer.lit(" val=");
    private static final byte[] ENC_SIGNED = AsciiBuffer.lit(" encoding=SIGNED");
    private static final byte[] ENC_UNSIGNED = AsciiBuffer.lit(" encoding=UNSIGNED");
    private static final byte[] RET_TYPE_ID = AsciiBuffer.lit(" ret_type_id=");
    private static final byte[] INDEX_TYPE_ID = AsciiBuffer.lit(" index_type_id=");
    private static final byte[] NR_ELEMS = AsciiBuffer.lit(" nr_elems=");
    private static final byte[] NR_BITS = AsciiBuffer.lit(" nr_bits=");
    private static final byte[] ENCODING = AsciiBuffer.lit(" encoding=");
    private static final byte[] LINKAGE = AsciiBuffer.lit(" linkage=");
    private static final byte[] VAR_LINKAGE = AsciiBuffer.lit(", linkage=");
    private static final byte[] SEC_TYPE_ID = AsciiBuffer.lit("\n\ttype_id=");
    private static final byte[] OFFSET = AsciiBuffer.lit(" offset=");
    private static final byte[] FWD_STRUCT = AsciiBuffer.lit(" fwd_kind=struct");
    private static final byte[] FWD_UNION = AsciiBuffer.lit(" fwd_kind=union");
    private static final byte[] COMPONENT_IDX = AsciiBuffer.lit(" component_idx=");
    private static final byte[] ENC_NONE = AsciiBuffer.lit("(none)");
    private static final byte[] ENC_SIGNED_INT = AsciiBuffer.lit("SIGNED");
    private static final byte[] ENC_CHAR = AsciiBuffer.lit("CHAR");
    private static final byte[] ENC_BOOL = AsciiBuffer.lit("BOOL");
    private static final byte[] UNKNOWN_ENCODING = AsciiBuffer.lit("UNKN");
    private static final byte[] STATIC = AsciiBuffer.lit("static");
    private static final byte[] GLOBAL = AsciiBuffer.lit("global");
    private static final byte[] EXTERN = AsciiBuffer.lit("extern");
    private static final byte[] UNKNOWN_LINKAGE = AsciiBuffer.lit("(unknown)");
    /** Indexed by kind code (which is also the ordinal): "] KIND '", from a type's id to its name. */
    private static final byte[][] HEADS = labels("] ", " '");
    /** " (KIND '": a section variable's kind, up to its name. */
    private static final byte[][] VAR_HEADS = labels(" (", " '");

    private final ScannedSection s;
    private final AsciiBuffer out;
    /**
     * String sections from the outermost base inward: the array holding each, where it starts in
     * the offset space, and what to add to an offset to index its array.
     */
    private final byte[][] strs;
    private final int[] strStart;
    private final int[] strShift;

    private TypePrinter(ScannedSection s, AsciiBuffer out) {
        this.s = s;
        this.out = out;
        int depth = 1;
        for (Btf b = s.base(); b != null; b = b.base().orElse(null)) {
            depth++;
        }
        strs = new byte[depth][];
        strStart = new int[depth];
        strShift = new int[depth];
        strs[depth - 1] = s.blob();
        strStart[depth - 1] = s.baseStrLen();
        strShift[depth - 1] = s.stringsAt() - s.baseStrLen();
        int i = depth - 1;
        for (Btf b = s.base(); b != null; b = b.base().orElse(null)) {
            i--;
            strs[i] = b.strings().bytes(); // one copy of each base's strings per dump
            strStart[i] = b.stringsEnd() - b.strings().length();
            strShift[i] = -strStart[i];
        }
    }

    /** Prints own types {@code from} to {@code to} (0-based, exclusive) of a checked section. */
    static void dump(ScannedSection s, int from, int to, AsciiBuffer out) {
        TypePrinter d = new TypePrinter(s, out);
        int first = s.firstId();
        for (int i = from; i < to; i++) {
            d.type(first + i, s.offset(i));
        }
    }

    /** Built with appends: a string concatenation here is an invokedynamic a cold dump links. */
    private static byte[][] labels(String before, String after) {
        BtfKind[] kinds = BtfKind.values();
        byte[][] l = new byte[kinds.length][];
        for (BtfKind k : kinds) {
            l[k.ordinal()] = new AsciiBuffer(32).append(before).append(k.label()).append(after).toByteArray();
        }
        return l;
    }

    /**
     * A name, without the quotes around it. bpftool prints "(anon)" for name offset 0 only;
     * other empty names print as ''. The bytes come straight from the string section that holds
     * the offset (the base's, for split BTF).
     */
    private AsciiBuffer name(int nameOff) {
        if (nameOff == 0) {
            return out.append(ANON);
        }
        int i = strs.length - 1;
        while (i > 0 && nameOff < strStart[i]) {
            i--;
        }
        return out.appendCString(strs[i], nameOff + strShift[i]);
    }

    /** The type with this id, whose record starts at {@code p}. */
    private void type(int id, int p) {
        int info = s.i32(p + 4);
        int code = (info >>> 24) & 0x1f;
        out.append('[').append(id).append(HEADS[code]);
        name(s.i32(p)).append('\'');
        int st = s.i32(p + 8);
        int vlen = info & 0xffff;
        int q = p + 12;
        AsciiBuffer line = switch (BtfKind.ofCode(code)) {
            case INT -> {
                int data = s.i32(q);
                yield out.append(SIZE).appendU32(st).append(BITS_OFFSET).append((data >>> 16) & 0xff)
                        .append(NR_BITS).append(data & 0xff).append(ENCODING).append(encoding((data >>> 24) & 0xf));
            }
            case PTR, CONST, VOLATILE, RESTRICT, TYPEDEF, TYPE_TAG -> out.append(TYPE_ID).appendU32(st);
            case ARRAY -> out.append(TYPE_ID).appendU32(s.i32(q)).append(INDEX_TYPE_ID).appendU32(s.i32(q + 4))
                    .append(NR_ELEMS).appendU32(s.i32(q + 8));
            case STRUCT, UNION -> composite(st, vlen, info < 0, q);
            case ENUM -> enum32(st, vlen, info < 0, q);
            case ENUM64 -> enum64(st, vlen, info < 0, q);
            case FUNC_PROTO -> funcProto(st, vlen, q);
            case FWD -> out.append(info < 0 ? FWD_UNION : FWD_STRUCT);
            case FUNC -> out.append(TYPE_ID).appendU32(st).append(LINKAGE).append(linkage(vlen));
            case VAR -> out.append(TYPE_ID).appendU32(st).append(VAR_LINKAGE).append(linkage(s.i32(q)));
            case DATASEC -> datasec(st, vlen, q);
            case FLOAT -> out.append(SIZE).appendU32(st);
            case DECL_TAG -> out.append(TYPE_ID).appendU32(st).append(COMPONENT_IDX).append(s.i32(q));
            case VOID -> throw new IllegalStateException("kind 0 passed the scan");
        };
        line.append('\n');
    }

    private AsciiBuffer funcProto(int ret, int vlen, int q) {
        out.append(RET_TYPE_ID).appendU32(ret).append(VLEN).append(vlen);
        for (int i = 0; i < vlen; i++) {
            int e = q + 8 * i;
            out.append(NL_TAB_Q);
            name(s.i32(e)).append(Q_TYPE_ID).appendU32(s.i32(e + 4));
        }
        return out;
    }

    /** Members: with the kind flag set, the offset word holds the bitfield size in its top byte. */
    private AsciiBuffer composite(int size, int vlen, boolean kf, int q) {
        out.append(SIZE).appendU32(size).append(VLEN).append(vlen);
        for (int i = 0; i < vlen; i++) {
            int m = q + 12 * i;
            int raw = s.i32(m + 8);
            out.append(NL_TAB_Q);
            name(s.i32(m)).append(Q_TYPE_ID).appendU32(s.i32(m + 4)).append(BITS_OFFSET)
                    .appendU32(kf ? raw & 0xffffff : raw);
            if (kf && raw >>> 24 != 0) {
                out.append(BITFIELD_SIZE).append(raw >>> 24);
            }
        }
        return out;
    }

    private AsciiBuffer enum32(int size, int vlen, boolean signed, int q) {
        out.append(signed ? ENC_SIGNED : ENC_UNSIGNED).append(SIZE).appendU32(size).append(VLEN).append(vlen);
        for (int i = 0; i < vlen; i++) {
            int e = q + 8 * i;
            out.append(NL_TAB_Q);
            name(s.i32(e)).append(Q_VAL);
            if (signed) {
                out.append(s.i32(e + 4));
            } else {
                out.appendU32(s.i32(e + 4));
            }
        }
        return out;
    }

    private AsciiBuffer enum64(int size, int vlen, boolean signed, int q) {
        out.append(signed ? ENC_SIGNED : ENC_UNSIGNED).append(SIZE).appendU32(size).append(VLEN).append(vlen);
        for (int i = 0; i < vlen; i++) {
            int e = q + 12 * i;
            long v = (s.i32(e + 4) & 0xffffffffL) | ((long) s.i32(e + 8) << 32);
            out.append(NL_TAB_Q);
            name(s.i32(e)).append(Q_VAL);
            if (signed) {
                out.append(v).append("LL");
            } else {
                out.append(Long.toUnsignedString(v)).append("ULL");
            }
        }
        return out;
    }

    /** Section variables, each with the kind and name of the variable it places. */
    private AsciiBuffer datasec(int size, int vlen, int q) {
        out.append(SIZE).appendU32(size).append(VLEN).append(vlen);
        for (int i = 0; i < vlen; i++) {
            int e = q + 12 * i;
            int type = s.i32(e);
            out.append(SEC_TYPE_ID).appendU32(type).append(OFFSET).appendU32(s.i32(e + 4))
                    .append(SIZE).appendU32(s.i32(e + 8));
            if (type >= s.firstId()) {
                int p = s.offset(type - s.firstId());
                out.append(VAR_HEADS[(s.i32(p + 4) >>> 24) & 0x1f]);
                name(s.i32(p));
            } else {
                BtfType vt = type == 0 ? BtfType.VoidType.INSTANCE : s.base().type(type);
                out.append(VAR_HEADS[vt.kind().ordinal()]);
                name(vt.nameOff());
            }
            out.append('\'').append(')');
        }
        return out;
    }

    private static byte[] encoding(int enc) {
        switch (enc) {
            case 0: return ENC_NONE;
            case BtfType.IntType.SIGNED: return ENC_SIGNED_INT;
            case BtfType.IntType.CHAR: return ENC_CHAR;
            case BtfType.IntType.BOOL: return ENC_BOOL;
            default: return UNKNOWN_ENCODING;
        }
    }

    /** Same words for FUNC and VAR linkage, as bpftool prints them. */
    private static byte[] linkage(int l) {
        switch (l) {
            case 0: return STATIC;
            case 1: return GLOBAL;
            case 2: return EXTERN;
            default: return UNKNOWN_LINKAGE;
        }
    }
}
