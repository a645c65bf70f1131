package dev.ebld.btf;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes a {@link Btf} into {@code .BTF} bytes in its byte order. When the header's section
 * lengths still match the encoded types and strings, the header layout is kept (so reading then
 * writing is byte-identical); otherwise the standard layout is used: header, types, strings.
 */
public final class BtfWriter {
    private BtfWriter() {
    }

    public static byte[] write(Btf btf) {
        List<BtfType> types = btf.types();
        int typeLen = typeSectionLength(types);
        byte[] strs = btf.strings().rawBytes();
        BtfHeader h = btf.header();
        if (h.typeLen() != typeLen || h.strLen() != strs.length) {
            h = BtfHeader.standard(typeLen, strs.length);
        }
        long total = h.totalLength();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total)).order(btf.byteOrder());
        out.putShort(0, (short) BtfHeader.MAGIC);
        out.put(2, (byte) h.version());
        out.put(3, (byte) h.flags());
        out.putInt(4, h.hdrLen());
        out.putInt(8, h.typeOff());
        out.putInt(12, h.typeLen());
        out.putInt(16, h.strOff());
        out.putInt(20, h.strLen());
        out.position(h.hdrLen() + h.typeOff());
        for (BtfType t : types) {
            encode(out, t);
        }
        out.position(h.hdrLen() + h.strOff());
        out.put(strs);
        return out.array();
    }

    /** Bytes the encoded types take. */
    public static int typeSectionLength(List<BtfType> types) {
        long n = 0;
        for (BtfType t : types) {
            n += encodedSize(t);
        }
        return Math.toIntExact(n);
    }

    /** Bytes one type takes: 12 for the common header plus its kind's data. */
    public static int encodedSize(BtfType t) {
        switch (t.kind()) {
            case INT: case VAR: case DECL_TAG: return 16;
            case ARRAY: return 24;
            case STRUCT: case UNION: return 12 + 12 * ((BtfType.Composite) t).members().size();
            case ENUM: return 12 + 8 * ((BtfType.EnumType) t).values().size();
            case ENUM64: return 12 + 12 * ((BtfType.Enum64Type) t).values().size();
            case FUNC_PROTO: return 12 + 8 * ((BtfType.FuncProto) t).params().size();
            case DATASEC: return 12 + 12 * ((BtfType.Datasec) t).vars().size();
            case PTR: case FWD: case TYPEDEF: case VOLATILE: case CONST: case RESTRICT: case FUNC:
            case FLOAT: case TYPE_TAG:
                return 12;
            case VOID:
                throw new IllegalArgumentException("void (id 0) is not stored");
        }
        throw new IllegalStateException("unhandled kind " + t.kind());
    }

    private static void head(ByteBuffer out, BtfType t, int vlen, int sizeOrType) {
        if (vlen < 0 || vlen > 0xffff) {
            throw new IllegalArgumentException(t.kind().label() + " '" + t.name() + "' has " + vlen
                    + " entries, BTF allows at most 65535");
        }
        int info = (t.kindFlag() ? 1 << 31 : 0) | t.kind().code() << 24 | vlen;
        out.putInt(t.nameOff()).putInt(info).putInt(sizeOrType);
    }

    private static void encode(ByteBuffer out, BtfType t) {
        switch (t.kind()) {
            case INT: {
                BtfType.IntType i = (BtfType.IntType) t;
                if ((i.encoding() & ~0xf) != 0 || (i.offset() & ~0xff) != 0 || (i.bits() & ~0xff) != 0) {
                    throw new IllegalArgumentException("INT '" + t.name() + "' fields do not fit: encoding "
                            + i.encoding() + ", offset " + i.offset() + ", bits " + i.bits());
                }
                head(out, t, 0, i.size());
                out.putInt(i.encoding() << 24 | i.offset() << 16 | i.bits());
                return;
            }
            case ARRAY: {
                BtfType.Array a = (BtfType.Array) t;
                head(out, t, 0, 0);
                out.putInt(a.elemType()).putInt(a.indexType()).putInt(a.nelems());
                return;
            }
            case STRUCT: case UNION: {
                BtfType.Composite c = (BtfType.Composite) t;
                head(out, t, c.members().size(), c.size());
                for (BtfType.Member m : c.members()) {
                    checkMember(t, m);
                    int raw = t.kindFlag() ? m.bitfieldSize() << 24 | m.bitOffset() : m.bitOffset();
                    out.putInt(m.nameOff()).putInt(m.type()).putInt(raw);
                }
                return;
            }
            case ENUM: {
                BtfType.EnumType e = (BtfType.EnumType) t;
                head(out, t, e.values().size(), e.size());
                for (BtfType.EnumValue v : e.values()) {
                    out.putInt(v.nameOff()).putInt(v.value());
                }
                return;
            }
            case ENUM64: {
                BtfType.Enum64Type e = (BtfType.Enum64Type) t;
                head(out, t, e.values().size(), e.size());
                for (BtfType.Enum64Value v : e.values()) {
                    out.putInt(v.nameOff()).putInt((int) v.value()).putInt((int) (v.value() >>> 32));
                }
                return;
            }
            default:
                encodeRest(out, t);
        }
    }

    /** With kind_flag the offset word holds 24 bits of offset and 8 of size; without, no size. */
    private static void checkMember(BtfType t, BtfType.Member m) {
        boolean fits = t.kindFlag() ? (m.bitOffset() & ~0xffffff) == 0 && (m.bitfieldSize() & ~0xff) == 0
                : m.bitfieldSize() == 0;
        if (!fits) {
            throw new IllegalArgumentException(t.kind().label() + " '" + t.name() + "' member '" + m.name()
                    + "' (bit offset " + m.bitOffset() + ", bitfield size " + m.bitfieldSize()
                    + ") cannot be encoded with kind_flag " + (t.kindFlag() ? 1 : 0));
        }
    }

    private static void encodeRest(ByteBuffer out, BtfType t) {
        switch (t.kind()) {
            case FUNC_PROTO: {
                BtfType.FuncProto f = (BtfType.FuncProto) t;
                head(out, t, f.params().size(), f.returnType());
                for (BtfType.Param p : f.params()) {
                    out.putInt(p.nameOff()).putInt(p.type());
                }
                return;
            }
            case DATASEC: {
                BtfType.Datasec d = (BtfType.Datasec) t;
                head(out, t, d.vars().size(), d.size());
                for (BtfType.VarSecinfo v : d.vars()) {
                    out.putInt(v.type()).putInt(v.offset()).putInt(v.size());
                }
                return;
            }
            case VAR: {
                BtfType.Var v = (BtfType.Var) t;
                head(out, t, 0, v.type());
                out.putInt(v.linkage());
                return;
            }
            case DECL_TAG: {
                BtfType.DeclTag d = (BtfType.DeclTag) t;
                head(out, t, 0, d.type());
                out.putInt(d.componentIdx());
                return;
            }
            case FUNC: {
                BtfType.Func f = (BtfType.Func) t;
                head(out, t, f.linkage(), f.type());
                return;
            }
            case FWD:
                head(out, t, 0, 0);
                return;
            case FLOAT:
                head(out, t, 0, ((BtfType.FloatType) t).size());
                return;
            case PTR: case TYPEDEF: case VOLATILE: case CONST: case RESTRICT: case TYPE_TAG:
                head(out, t, 0, ((BtfType.Ref) t).type());
                return;
            default:
                throw new IllegalArgumentException("cannot encode " + t.kind());
        }
    }
}
