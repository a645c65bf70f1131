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

        Out i32(int v) {
            FixedWidth.put32(b, p, order, v);
            p += 4;
            return this;
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
        return switch (t.kind()) {
            case INT, VAR, DECL_TAG -> 16;
            case ARRAY -> 24;
            case STRUCT, UNION -> 12 + 12 * ((BtfType.Composite) t).members().size();
            case ENUM -> 12 + 8 * ((BtfType.EnumType) t).values().size();
            case ENUM64 -> 12 + 12 * ((BtfType.Enum64Type) t).values().size();
            case FUNC_PROTO -> 12 + 8 * ((BtfType.FuncProto) t).params().size();
            case DATASEC -> 12 + 12 * ((BtfType.Datasec) t).vars().size();
            case PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG -> 12;
            case VOID -> throw new IllegalArgumentException("void (id 0) is not stored");
        };
    }

    /** The common header: name offset, info word, size or type. */
    private static Out head(Out out, BtfType t, int vlen, int sizeOrType) {
        if (vlen < 0 || vlen > 0xffff) {
            throw new IllegalArgumentException(t.kind().label() + " '" + t.name() + "' has " + vlen
                    + " entries, BTF allows at most 65535");
        }
        int info = (t.kindFlag() ? 1 << 31 : 0) | t.kind().code() << 24 | vlen;
        out.i32(t.nameOff());
        out.i32(info);
        out.i32(sizeOrType);
        return out;
    }

    /** Writes one type record, common header then its kind's data; returns {@code out}. */
    private static Out encode(Out out, BtfType t) {
        return switch (t.kind()) {
            case INT -> intType(out, (BtfType.IntType) t);
            case ARRAY -> array(out, (BtfType.Array) t);
            case STRUCT, UNION -> composite(out, (BtfType.Composite) t);
            case ENUM -> enum32(out, (BtfType.EnumType) t);
            case ENUM64 -> enum64(out, (BtfType.Enum64Type) t);
            case FUNC_PROTO -> proto(out, (BtfType.FuncProto) t);
            case DATASEC -> datasec(out, (BtfType.Datasec) t);
            case VAR -> head(out, t, 0, ((BtfType.Var) t).type()).i32(((BtfType.Var) t).linkage());
            case DECL_TAG -> head(out, t, 0, ((BtfType.DeclTag) t).type()).i32(((BtfType.DeclTag) t).componentIdx());
            case FUNC -> head(out, t, ((BtfType.Func) t).linkage(), ((BtfType.Func) t).type());
            case FWD -> head(out, t, 0, 0);
            case FLOAT -> head(out, t, 0, ((BtfType.FloatType) t).size());
            case PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG -> head(out, t, 0, ((BtfType.Ref) t).type());
            case VOID -> throw new IllegalArgumentException("cannot encode " + t.kind());
        };
    }

    private static Out intType(Out out, BtfType.IntType i) {
        if ((i.encoding() & ~0xf) != 0 || (i.offset() & ~0xff) != 0 || (i.bits() & ~0xff) != 0) {
            throw new IllegalArgumentException("INT '" + i.name() + "' fields do not fit: encoding "
                    + i.encoding() + ", offset " + i.offset() + ", bits " + i.bits());
        }
        return head(out, i, 0, i.size()).i32(i.encoding() << 24 | i.offset() << 16 | i.bits());
    }

    private static Out array(Out out, BtfType.Array a) {
        return head(out, a, 0, 0).i32(a.elemType()).i32(a.indexType()).i32(a.nelems());
    }

    private static Out composite(Out out, BtfType.Composite c) {
        head(out, c, c.members().size(), c.size());
        for (BtfType.Member m : c.members()) {
            checkMember(c, m);
            int raw = c.kindFlag() ? m.bitfieldSize() << 24 | m.bitOffset() : m.bitOffset();
            out.i32(m.nameOff()).i32(m.type()).i32(raw);
        }
        return out;
    }

    private static Out enum32(Out out, BtfType.EnumType e) {
        head(out, e, e.values().size(), e.size());
        for (BtfType.EnumValue v : e.values()) {
            out.i32(v.nameOff()).i32(v.value());
        }
        return out;
    }

    private static Out enum64(Out out, BtfType.Enum64Type e) {
        head(out, e, e.values().size(), e.size());
        for (BtfType.Enum64Value v : e.values()) {
            out.i32(v.nameOff()).i32((int) v.value()).i32((int) (v.value() >>> 32));
        }
        return out;
    }

    private static Out proto(Out out, BtfType.FuncProto f) {
        head(out, f, f.params().size(), f.returnType());
        for (BtfType.Param p : f.params()) {
            out.i32(p.nameOff()).i32(p.type());
        }
        return out;
    }

    private static Out datasec(Out out, BtfType.Datasec d) {
        head(out, d, d.vars().size(), d.size());
        for (BtfType.VarSecinfo v : d.vars()) {
            out.i32(v.type()).i32(v.offset()).i32(v.size());
        }
        return out;
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
}
