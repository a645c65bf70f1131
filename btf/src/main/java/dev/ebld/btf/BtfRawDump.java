package dev.ebld.btf;

import java.util.List;

/**
 * The text {@code bpftool btf dump file FILE} prints (bpftool 7.1): one line per type,
 * {@code [id] KIND 'name' fields}, then one tab-indented line per member, enumerator, parameter
 * or section variable. Split BTF prints only its own types, ids continuing after the base.
 */
final class BtfRawDump {
    private static final byte[] ANON = AsciiBuffer.lit("'(anon)'");
    private static final byte[] TYPE_ID = AsciiBuffer.lit(" type_id=");
    private static final byte[] BITS_OFFSET = AsciiBuffer.lit(" bits_offset=");
    private static final byte[] BITFIELD_SIZE = AsciiBuffer.lit(" bitfield_size=");
    private static final byte[] SIZE = AsciiBuffer.lit(" size=");
    private static final byte[] VLEN = AsciiBuffer.lit(" vlen=");
    private static final byte[] VAL = AsciiBuffer.lit(" val=");
    private static final byte[] NL_TAB = AsciiBuffer.lit("\n\t");
    private static final byte[] ENC_SIGNED = AsciiBuffer.lit(" encoding=SIGNED");
    private static final byte[] ENC_UNSIGNED = AsciiBuffer.lit(" encoding=UNSIGNED");
    private static final byte[] RET_TYPE_ID = AsciiBuffer.lit(" ret_type_id=");
    private static final byte[] INDEX_TYPE_ID = AsciiBuffer.lit(" index_type_id=");
    private static final byte[] NR_ELEMS = AsciiBuffer.lit(" nr_elems=");
    private static final byte[] NR_BITS = AsciiBuffer.lit(" nr_bits=");
    private static final byte[] ENCODING = AsciiBuffer.lit(" encoding=");
    private static final byte[][] LABELS = labels();

    private final Btf btf;
    private final AsciiBuffer out;
    /** String sections from the outermost base inward, and where each starts in the offset space. */
    private final byte[][] strs;
    private final int[] strStart;

    private BtfRawDump(Btf btf, AsciiBuffer out) {
        this.btf = btf;
        this.out = out;
        int depth = 0;
        for (Btf b = btf; b != null; b = b.base().orElse(null)) {
            depth++;
        }
        strs = new byte[depth][];
        strStart = new int[depth];
        int i = depth;
        for (Btf b = btf; b != null; b = b.base().orElse(null)) {
            i--;
            strs[i] = b.strings().rawBytes();
            strStart[i] = b.stringsEnd() - b.strings().length();
        }
    }

    static void dump(Btf btf, AsciiBuffer out) {
        BtfRawDump d = new BtfRawDump(btf, out);
        List<BtfType> types = btf.types();
        for (int i = 0; i < types.size(); i++) {
            d.type(btf.firstId() + i, types.get(i));
        }
    }

    private static byte[][] labels() {
        BtfKind[] kinds = BtfKind.values();
        byte[][] l = new byte[kinds.length][];
        for (BtfKind k : kinds) {
            l[k.ordinal()] = AsciiBuffer.lit(k.label());
        }
        return l;
    }

    /**
     * bpftool prints "(anon)" for name offset 0 only; other empty names print as ''. The bytes
     * come straight from the string section that holds the offset (the base's, for split BTF).
     */
    private AsciiBuffer name(int nameOff) {
        if (nameOff == 0) {
            return out.append(ANON);
        }
        int i = strs.length - 1;
        while (i > 0 && nameOff < strStart[i]) {
            i--;
        }
        return out.append('\'').appendCString(strs[i], nameOff - strStart[i]).append('\'');
    }

    private void type(int id, BtfType t) {
        out.append('[').append(id).append(']').append(' ').append(LABELS[t.kind().ordinal()]).append(' ');
        name(t.nameOff());
        switch (t.kind()) {
            case INT: {
                BtfType.IntType i = (BtfType.IntType) t;
                out.append(SIZE).appendU32(i.size()).append(BITS_OFFSET).append(i.offset())
                        .append(NR_BITS).append(i.bits()).append(ENCODING).append(encoding(i.encoding()));
                break;
            }
            case PTR: case CONST: case VOLATILE: case RESTRICT: case TYPEDEF: case TYPE_TAG:
                out.append(TYPE_ID).appendU32(((BtfType.Ref) t).type());
                break;
            case ARRAY: {
                BtfType.Array a = (BtfType.Array) t;
                out.append(TYPE_ID).appendU32(a.elemType()).append(INDEX_TYPE_ID)
                        .appendU32(a.indexType()).append(NR_ELEMS).appendU32(a.nelems());
                break;
            }
            case STRUCT: case UNION:
                composite((BtfType.Composite) t);
                break;
            case ENUM:
                enum32((BtfType.EnumType) t);
                break;
            case ENUM64:
                enum64((BtfType.Enum64Type) t);
                break;
            default:
                rest(t);
        }
        out.append('\n');
    }
    private void rest(BtfType t) {
        switch (t.kind()) {
            case FWD:
                out.append(t.kindFlag() ? " fwd_kind=union" : " fwd_kind=struct");
                break;
            case FUNC: {
                BtfType.Func f = (BtfType.Func) t;
                out.append(TYPE_ID).appendU32(f.type()).append(" linkage=").append(linkage(f.linkage()));
                break;
            }
            case FUNC_PROTO:
                funcProto((BtfType.FuncProto) t);
                break;
            case VAR: {
                BtfType.Var v = (BtfType.Var) t;
                out.append(TYPE_ID).appendU32(v.type()).append(", linkage=").append(linkage(v.linkage()));
                break;
            }
            case DATASEC:
                datasec((BtfType.Datasec) t);
                break;
            case FLOAT:
                out.append(SIZE).appendU32(((BtfType.FloatType) t).size());
                break;
            case DECL_TAG: {
                BtfType.DeclTag d = (BtfType.DeclTag) t;
                out.append(TYPE_ID).appendU32(d.type()).append(" component_idx=").append(d.componentIdx());
                break;
            }
            default:
                break;
        }
    }

    private void funcProto(BtfType.FuncProto f) {
        List<BtfType.Param> ps = f.params();
        out.append(RET_TYPE_ID).appendU32(f.returnType()).append(VLEN).append(ps.size());
        for (int i = 0; i < ps.size(); i++) {
            BtfType.Param p = ps.get(i);
            out.append(NL_TAB);
            name(p.nameOff()).append(TYPE_ID).appendU32(p.type());
        }
    }

    private void composite(BtfType.Composite c) {
        List<BtfType.Member> ms = c.members();
        out.append(SIZE).appendU32(c.size()).append(VLEN).append(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            BtfType.Member m = ms.get(i);
            out.append(NL_TAB);
            name(m.nameOff()).append(TYPE_ID).appendU32(m.type()).append(BITS_OFFSET).appendU32(m.bitOffset());
            if (m.bitfieldSize() != 0) {
                out.append(BITFIELD_SIZE).append(m.bitfieldSize());
            }
        }
    }

    private void enum32(BtfType.EnumType e) {
        List<BtfType.EnumValue> vs = e.values();
        out.append(e.signed() ? ENC_SIGNED : ENC_UNSIGNED).append(SIZE).appendU32(e.size()).append(VLEN)
                .append(vs.size());
        for (int i = 0; i < vs.size(); i++) {
            BtfType.EnumValue v = vs.get(i);
            out.append(NL_TAB);
            name(v.nameOff()).append(VAL);
            if (e.signed()) {
                out.append(v.value());
            } else {
                out.appendU32(v.value());
            }
        }
    }

    private void enum64(BtfType.Enum64Type e) {
        List<BtfType.Enum64Value> vs = e.values();
        out.append(e.signed() ? ENC_SIGNED : ENC_UNSIGNED).append(SIZE).appendU32(e.size()).append(VLEN)
                .append(vs.size());
        for (int i = 0; i < vs.size(); i++) {
            BtfType.Enum64Value v = vs.get(i);
            out.append(NL_TAB);
            name(v.nameOff()).append(VAL);
            if (e.signed()) {
                out.append(v.value()).append("LL");
            } else {
                out.append(Long.toUnsignedString(v.value())).append("ULL");
            }
        }
    }

    private void datasec(BtfType.Datasec d) {
        List<BtfType.VarSecinfo> vs = d.vars();
        out.append(SIZE).appendU32(d.size()).append(VLEN).append(vs.size());
        for (int i = 0; i < vs.size(); i++) {
            BtfType.VarSecinfo v = vs.get(i);
            out.append("\n\ttype_id=").appendU32(v.type()).append(" offset=").appendU32(v.offset())
                    .append(SIZE).appendU32(v.size());
            BtfType vt = btf.type(v.type());
            out.append(' ').append('(').append(LABELS[vt.kind().ordinal()]).append(' ');
            name(vt.nameOff()).append(')');
        }
    }

    private static String encoding(int enc) {
        switch (enc) {
            case 0: return "(none)";
            case BtfType.IntType.SIGNED: return "SIGNED";
            case BtfType.IntType.CHAR: return "CHAR";
            case BtfType.IntType.BOOL: return "BOOL";
            default: return "UNKN";
        }
    }

    /** Same words for FUNC and VAR linkage, as bpftool prints them. */
    private static String linkage(int l) {
        switch (l) {
            case 0: return "static";
            case 1: return "global";
            case 2: return "extern";
            default: return "(unknown)";
        }
    }
}
