package dev.ebld.btf;

import java.util.List;

/**
 * The text {@code bpftool btf dump file FILE} prints (bpftool 7.1): one line per type,
 * {@code [id] KIND 'name' fields}, then one tab-indented line per member, enumerator, parameter
 * or section variable. Split BTF prints only its own types, ids continuing after the base.
 */
final class BtfRawDump {
    private final Btf btf;
    private final StringBuilder out;

    private BtfRawDump(Btf btf, StringBuilder out) {
        this.btf = btf;
        this.out = out;
    }

    static void dump(Btf btf, StringBuilder out) {
        BtfRawDump d = new BtfRawDump(btf, out);
        List<BtfType> types = btf.types();
        for (int i = 0; i < types.size(); i++) {
            d.type(btf.firstId() + i, types.get(i));
        }
    }

    /** bpftool prints "(anon)" for name offset 0 only; other empty names print as ''. */
    private StringBuilder name(int nameOff, String name) {
        return out.append('\'').append(nameOff == 0 ? "(anon)" : name).append('\'');
    }

    /** {@code v} as C's %u prints it; a long so that StringBuilder appends it without a String. */
    private static long u32(int v) {
        return v & 0xffffffffL;
    }

    private void type(int id, BtfType t) {
        out.append('[').append(id).append("] ").append(t.kind().label()).append(' ');
        name(t.nameOff(), t.name());
        switch (t.kind()) {
            case INT: {
                BtfType.IntType i = (BtfType.IntType) t;
                out.append(" size=").append(u32(i.size())).append(" bits_offset=").append(i.offset())
                        .append(" nr_bits=").append(i.bits()).append(" encoding=").append(encoding(i.encoding()));
                break;
            }
            case PTR: case CONST: case VOLATILE: case RESTRICT: case TYPEDEF: case TYPE_TAG:
                out.append(" type_id=").append(u32(((BtfType.Ref) t).type()));
                break;
            case ARRAY: {
                BtfType.Array a = (BtfType.Array) t;
                out.append(" type_id=").append(u32(a.elemType())).append(" index_type_id=")
                        .append(u32(a.indexType())).append(" nr_elems=").append(u32(a.nelems()));
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
                out.append(" fwd_kind=").append(t.kindFlag() ? "union" : "struct");
                break;
            case FUNC: {
                BtfType.Func f = (BtfType.Func) t;
                out.append(" type_id=").append(u32(f.type())).append(" linkage=").append(linkage(f.linkage()));
                break;
            }
            case FUNC_PROTO: {
                BtfType.FuncProto f = (BtfType.FuncProto) t;
                out.append(" ret_type_id=").append(u32(f.returnType())).append(" vlen=").append(f.params().size());
                for (BtfType.Param p : f.params()) {
                    out.append("\n\t");
                    name(p.nameOff(), p.name()).append(" type_id=").append(u32(p.type()));
                }
                break;
            }
            case VAR: {
                BtfType.Var v = (BtfType.Var) t;
                out.append(" type_id=").append(u32(v.type())).append(", linkage=").append(linkage(v.linkage()));
                break;
            }
            case DATASEC:
                datasec((BtfType.Datasec) t);
                break;
            case FLOAT:
                out.append(" size=").append(u32(((BtfType.FloatType) t).size()));
                break;
            case DECL_TAG: {
                BtfType.DeclTag d = (BtfType.DeclTag) t;
                out.append(" type_id=").append(u32(d.type())).append(" component_idx=").append(d.componentIdx());
                break;
            }
            default:
                break;
        }
    }

    private void composite(BtfType.Composite c) {
        out.append(" size=").append(u32(c.size())).append(" vlen=").append(c.members().size());
        for (BtfType.Member m : c.members()) {
            out.append("\n\t");
            name(m.nameOff(), m.name()).append(" type_id=").append(u32(m.type()))
                    .append(" bits_offset=").append(u32(m.bitOffset()));
            if (m.bitfieldSize() != 0) {
                out.append(" bitfield_size=").append(m.bitfieldSize());
            }
        }
    }

    private void enum32(BtfType.EnumType e) {
        out.append(" encoding=").append(e.signed() ? "SIGNED" : "UNSIGNED").append(" size=")
                .append(u32(e.size())).append(" vlen=").append(e.values().size());
        for (BtfType.EnumValue v : e.values()) {
            out.append("\n\t");
            name(v.nameOff(), v.name()).append(" val=").append(e.signed() ? (long) v.value() : u32(v.value()));
        }
    }

    private void enum64(BtfType.Enum64Type e) {
        out.append(" encoding=").append(e.signed() ? "SIGNED" : "UNSIGNED").append(" size=")
                .append(u32(e.size())).append(" vlen=").append(e.values().size());
        for (BtfType.Enum64Value v : e.values()) {
            out.append("\n\t");
            name(v.nameOff(), v.name()).append(" val=");
            if (e.signed()) {
                out.append(v.value()).append("LL");
            } else {
                out.append(Long.toUnsignedString(v.value())).append("ULL");
            }
        }
    }

    private void datasec(BtfType.Datasec d) {
        out.append(" size=").append(u32(d.size())).append(" vlen=").append(d.vars().size());
        for (BtfType.VarSecinfo v : d.vars()) {
            out.append("\n\ttype_id=").append(u32(v.type())).append(" offset=").append(u32(v.offset()))
                    .append(" size=").append(u32(v.size()));
            BtfType vt = btf.type(v.type());
            out.append(" (").append(vt.kind().label()).append(' ');
            name(vt.nameOff(), vt.name()).append(')');
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
