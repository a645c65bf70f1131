package dev.ebld.btf;

import dev.ebld.bytes.FixedWidth;

import java.nio.ByteOrder;
import java.util.List;

/**
 * Encodes a {@link Btf} into {@code .BTF} bytes in its byte order, keeping its header layout (so
 * reading then writing is byte-identical). A {@link Btf}'s header always matches its types and
 * strings (the reader consumed exactly {@code type_len} bytes, {@link Btf#of} computes it), so
 * the output is sized once from the header and every type is encoded straight into one array.
 */
public final class BtfWriter {
    private BtfWriter() {
    }

    public static byte[] write(Btf btf) {
        byte[] strs = btf.strings().rawBytes();
        BtfHeader h = btf.header();
        Out out = new Out(new byte[Math.toIntExact(h.totalLength())], btf.byteOrder());
        out.i16((short) BtfHeader.MAGIC);
        out.b[2] = (byte) h.version();
        out.b[3] = (byte) h.flags();
        out.p = 4;
        out.i32(h.hdrLen());
        out.i32(h.typeOff());
        out.i32(h.typeLen());
        out.i32(h.strOff());
        out.i32(h.strLen());
        out.p = h.hdrLen() + h.typeOff();
        List<BtfType> types = btf.types();
        for (int i = 0, n = types.size(); i < n; i++) {
            encode(out, types.get(i));
        }
        if (out.p != h.hdrLen() + h.typeOff() + h.typeLen()) {
            throw new IllegalStateException("types encode to " + (out.p - h.hdrLen() - h.typeOff())
                    + " bytes, the header says " + h.typeLen());
        }
        System.arraycopy(strs, 0, out.b, h.hdrLen() + h.strOff(), strs.length);
        return out.b;
    }

    /**
     * The output array and position, written with {@link FixedWidth}' plain shifts: a cold link
     * runs this in the interpreter, where each ByteBuffer.putInt is five calls deep.
     */
    private static final class Out {
        final byte[] b;
        final ByteOrder order;
        int p;

        Out(byte[] b, ByteOrder order) {
            this.b = b;
            this.order = order;
        }

        void i16(short v) {
            FixedWidth.put16(b, p, order, v);
            p += 2;
        }

        void i32(int v) {
            FixedWidth.put32(b, p, order, v);
            p += 4;
        }
    }

    /** Bytes the encoded types take. */
    public static int typeSectionLength(List<BtfType> types) {
        long n = 0;
        for (int i = 0, count = types.size(); i < count; i++) {
            n += encodedSize(types.get(i));
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

    private static void head(Out out, BtfType t, int vlen, int sizeOrType) {
        if (vlen < 0 || vlen > 0xffff) {
            throw new IllegalArgumentException(t.kind().label() + " '" + t.name() + "' has " + vlen
                    + " entries, BTF allows at most 65535");
        }
        int info = (t.kindFlag() ? 1 << 31 : 0) | t.kind().code() << 24 | vlen;
        out.i32(t.nameOff());
        out.i32(info);
        out.i32(sizeOrType);
    }

    private static void encode(Out out, BtfType t) {
        switch (t.kind()) {
            case INT: {
                BtfType.IntType i = (BtfType.IntType) t;
                if ((i.encoding() & ~0xf) != 0 || (i.offset() & ~0xff) != 0 || (i.bits() & ~0xff) != 0) {
                    throw new IllegalArgumentException("INT '" + t.name() + "' fields do not fit: encoding "
                            + i.encoding() + ", offset " + i.offset() + ", bits " + i.bits());
                }
                head(out, t, 0, i.size());
                out.i32(i.encoding() << 24 | i.offset() << 16 | i.bits());
                return;
            }
            case ARRAY: {
                BtfType.Array a = (BtfType.Array) t;
                head(out, t, 0, 0);
                out.i32(a.elemType());
                out.i32(a.indexType());
                out.i32(a.nelems());
                return;
            }
            case STRUCT: case UNION: {
                BtfType.Composite c = (BtfType.Composite) t;
                head(out, t, c.members().size(), c.size());
                for (BtfType.Member m : c.members()) {
                    checkMember(t, m);
                    int raw = t.kindFlag() ? m.bitfieldSize() << 24 | m.bitOffset() : m.bitOffset();
                    out.i32(m.nameOff());
                    out.i32(m.type());
                    out.i32(raw);
                }
                return;
            }
            case ENUM: {
                BtfType.EnumType e = (BtfType.EnumType) t;
                head(out, t, e.values().size(), e.size());
                for (BtfType.EnumValue v : e.values()) {
                    out.i32(v.nameOff());
                    out.i32(v.value());
                }
                return;
            }
            case ENUM64: {
                BtfType.Enum64Type e = (BtfType.Enum64Type) t;
                head(out, t, e.values().size(), e.size());
                for (BtfType.Enum64Value v : e.values()) {
                    out.i32(v.nameOff());
                    out.i32((int) v.value());
                    out.i32((int) (v.value() >>> 32));
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

    private static void encodeRest(Out out, BtfType t) {
        switch (t.kind()) {
            case FUNC_PROTO: {
                BtfType.FuncProto f = (BtfType.FuncProto) t;
                head(out, t, f.params().size(), f.returnType());
                for (BtfType.Param p : f.params()) {
                    out.i32(p.nameOff());
                    out.i32(p.type());
                }
                return;
            }
            case DATASEC: {
                BtfType.Datasec d = (BtfType.Datasec) t;
                head(out, t, d.vars().size(), d.size());
                for (BtfType.VarSecinfo v : d.vars()) {
                    out.i32(v.type());
                    out.i32(v.offset());
                    out.i32(v.size());
                }
                return;
            }
            case VAR: {
                BtfType.Var v = (BtfType.Var) t;
                head(out, t, 0, v.type());
                out.i32(v.linkage());
                return;
            }
            case DECL_TAG: {
                BtfType.DeclTag d = (BtfType.DeclTag) t;
                head(out, t, 0, d.type());
                out.i32(d.componentIdx());
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
