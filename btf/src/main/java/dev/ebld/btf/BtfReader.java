package dev.ebld.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code .BTF} section bytes or a raw BTF file ({@code /sys/kernel/btf/vmlinux}). The byte
 * order comes from how the magic 0xeb9f reads. Everything is validated here, once: header
 * lengths, record bounds, kinds, reserved bits, string offsets, type ids and by-value reference
 * cycles ({@link BtfChecks}); afterwards the model can be trusted by queries and dumps.
 *
 * <p>Fields the model does not keep (reserved info bits, the unused {@code size_type} of ARRAY and
 * FWD, vlen of kinds without members, padding) must be zero, so that writing back is
 * byte-identical; the kernel rejects the same things.
 */
public final class BtfReader {
    private static final String HDR = ".BTF header";
    private static final String TYPES = ".BTF type section";
    private static final String STRS = ".BTF string section";

    /** The section bytes and their order; types are decoded with {@link #i32}, not a ByteBuffer. */
    private final byte[] data;
    private final boolean le;
    private final Btf base;
    private final BtfStrings strings;
    private final BtfStrings.Cache names;
    private final int baseStrLen;
    private final int firstId;
    private int typeStart;

    private BtfReader(byte[] data, ByteOrder order, Btf base, BtfStrings strings) {
        this.data = data;
        this.le = order == ByteOrder.LITTLE_ENDIAN;
        this.base = base;
        this.strings = strings;
        this.names = strings.new Cache();
        this.baseStrLen = base == null ? 0 : base.stringsEnd();
        this.firstId = base == null ? 1 : base.typeCount();
    }

    /** Reads base BTF: a {@code .BTF} section or a raw BTF file. */
    public static Btf read(byte[] data) throws BtfFormatException {
        return read(data, null);
    }

    /** Reads split BTF on top of {@code base} (null for base BTF). */
    public static Btf read(byte[] data, Btf base) throws BtfFormatException {
        ByteOrder order = detectOrder(data);
        ByteBuffer buf = ByteBuffer.wrap(data).order(order);
        BtfHeader h = readHeader(buf);
        byte[] strBytes = new byte[h.strLen()];
        System.arraycopy(data, h.hdrLen() + h.strOff(), strBytes, 0, h.strLen());
        checkStrings(strBytes, h, base);
        BtfReader r = new BtfReader(data, order, base, BtfStrings.wrap(strBytes));
        r.typeStart = h.hdrLen() + h.typeOff();
        List<BtfType> types = new ArrayList<>(h.typeLen() / 12); // every type takes 12 bytes or more
        int[] offsets = r.readTypes(h.typeLen(), types);
        Btf btf = new Btf(h, order, base, types, r.strings);
        BtfChecks.check(btf, offsets, r.backward);
        return btf;
    }

    /** Little-endian if the first two bytes read 0xeb9f that way, big-endian if the other way. */
    static ByteOrder detectOrder(byte[] data) throws BtfFormatException {
        if (data.length < BtfHeader.SIZE) {
            throw new BtfFormatException(HDR, 0, "truncated: " + data.length + " bytes, header needs "
                    + BtfHeader.SIZE);
        }
        int b0 = data[0] & 0xff;
        int b1 = data[1] & 0xff;
        if (b0 == 0x9f && b1 == 0xeb) {
            return ByteOrder.LITTLE_ENDIAN;
        } else if (b0 == 0xeb && b1 == 0x9f) {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new BtfFormatException(HDR, 0, String.format("bad magic 0x%02x%02x, expected 0xeb9f", b0, b1));
    }

    private static BtfHeader readHeader(ByteBuffer buf) throws BtfFormatException {
        int version = buf.get(2) & 0xff;
        int flags = buf.get(3) & 0xff;
        long hdrLen = u32(buf, 4);
        long typeOff = u32(buf, 8);
        long typeLen = u32(buf, 12);
        long strOff = u32(buf, 16);
        long strLen = u32(buf, 20);
        long size = buf.capacity();
        if (version != 1) {
            throw new BtfFormatException(HDR, 2, "unsupported version " + version);
        }
        if (hdrLen < BtfHeader.SIZE || hdrLen > size) {
            throw new BtfFormatException(HDR, 4, "hdr_len " + hdrLen + " outside [24, " + size + "]");
        }
        for (int i = BtfHeader.SIZE; i < hdrLen; i++) {
            if (buf.get(i) != 0) {
                throw new BtfFormatException(HDR, i, "non-zero byte in header extension");
            }
        }
        long body = size - hdrLen;
        if (typeOff + typeLen > body) {
            throw new BtfFormatException(HDR, 8, "type section [" + typeOff + ", +" + typeLen
                    + ") runs past the " + body + " bytes after the header");
        }
        if (strOff + strLen > body) {
            throw new BtfFormatException(HDR, 16, "string section [" + strOff + ", +" + strLen
                    + ") runs past the " + body + " bytes after the header");
        }
        if ((typeOff & 3) != 0 || (typeLen & 3) != 0) {
            throw new BtfFormatException(HDR, 8, "type section offset/length not 4-byte aligned");
        }
        if (typeOff < strOff + strLen && strOff < typeOff + typeLen && typeLen > 0 && strLen > 0) {
            throw new BtfFormatException(HDR, 16, "type and string sections overlap");
        }
        BtfHeader h = new BtfHeader(version, flags, (int) hdrLen, (int) typeOff, (int) typeLen,
                (int) strOff, (int) strLen);
        if (h.totalLength() != size) {
            throw new BtfFormatException(HDR, h.totalLength(), (size - h.totalLength())
                    + " trailing bytes after the sections");
        }
        checkPadding(buf, h);
        return h;
    }

    /** Bytes between header, type and string sections are not modelled, so they must be zero. */
    private static void checkPadding(ByteBuffer buf, BtfHeader h) throws BtfFormatException {
        int start = h.hdrLen();
        int t0 = start + h.typeOff();
        int t1 = t0 + h.typeLen();
        int s0 = start + h.strOff();
        int s1 = s0 + h.strLen();
        for (int i = start; i < buf.capacity(); i++) {
            if ((i >= t0 && i < t1) || (i >= s0 && i < s1)) {
                i = (i >= t0 && i < t1) ? t1 - 1 : s1 - 1;
                continue;
            }
            if (buf.get(i) != 0) {
                throw new BtfFormatException(HDR, i, "non-zero padding between sections");
            }
        }
    }

    private static void checkStrings(byte[] s, BtfHeader h, Btf base) throws BtfFormatException {
        long at = (long) h.hdrLen() + h.strOff();
        if (base == null && (s.length == 0 || s[0] != 0)) {
            throw new BtfFormatException(STRS, at, "string section must start with an empty string");
        }
        if (s.length > 0 && s[s.length - 1] != 0) {
            throw new BtfFormatException(STRS, at + s.length - 1, "string section not NUL-terminated");
        }
    }

    private int[] readTypes(int typeLen, List<BtfType> out) throws BtfFormatException {
        int end = typeStart + typeLen;
        int[] offsets = new int[typeLen / 12 + 1]; // every type takes 12 bytes or more
        int n = 0;
        for (int p = typeStart; p < end; n++) {
            offsets[n] = p;
            p = readType(p, end, out);
        }
        return java.util.Arrays.copyOf(offsets, n);
    }

    /**
     * The common {@code btf_type} header of the type with id {@code id} at offset {@code p}. One
     * instance is reused for every type: a record per type was measurable garbage for vmlinux.
     */
    private static final class Head {
        int id;
        int p;
        BtfKind kind;
        int nameOff;
        String name;
        boolean kf;
        int st;
        int vlen;

        int id() { return id; }
        int p() { return p; }
        BtfKind kind() { return kind; }
        int nameOff() { return nameOff; }
        String name() { return name; }
        boolean kf() { return kf; }
        int st() { return st; }
        int vlen() { return vlen; }
    }

    private final Head head = new Head();
    /** Every type decoded so far refers only to lower ids. */
    private boolean backward = true;

    /** Decodes the type at {@code p}, appends it, and returns where the next one starts. */
    private int readType(int p, int end, List<BtfType> out) throws BtfFormatException {
        int id = firstId + out.size();
        need(p, 12, end, id, null);
        int nameOff = i32(p);
        int info = i32(p + 4);
        if ((info & 0x60ff0000) != 0) {
            throw new BtfFormatException(TYPES, p + 4, id, String.format("reserved bits set in info 0x%08x", info));
        }
        BtfKind kind = BtfKind.ofCode((info >>> 24) & 0x1f);
        if (kind == null) {
            throw new BtfFormatException(TYPES, p + 4, id, "unknown kind " + ((info >>> 24) & 0x1f));
        }
        Head h = head;
        h.id = id;
        h.p = p;
        h.kind = kind;
        h.nameOff = nameOff;
        h.name = name(nameOff, p, id);
        h.kf = info < 0;
        h.st = i32(p + 8);
        h.vlen = info & 0xffff;
        if (!hasVlen(kind)) {
            noVlen(h);
        }
        long body = bodySize(kind, h.vlen);
        need(p + 12, body, end, id, kind);
        BtfType t = decode(h, p + 12);
        out.add(t);
        // Noted while decoding, which spares BtfChecks a loop over all types in the common case.
        backward = backward && BtfChecks.refsBelow(t, id);
        return p + 12 + (int) body;
    }

    /** Kinds whose vlen counts entries after the header (FUNC keeps its linkage there). */
    private static boolean hasVlen(BtfKind kind) {
        switch (kind) {
            case STRUCT: case UNION: case ENUM: case ENUM64: case FUNC_PROTO: case DATASEC: case FUNC:
                return true;
            default:
                return false;
        }
    }

    /** Bytes after the 12-byte header: fixed per kind, or vlen entries. */
    private static long bodySize(BtfKind kind, int vlen) {
        switch (kind) {
            case INT: case VAR: case DECL_TAG: return 4;
            case ARRAY: return 12;
            case STRUCT: case UNION: case ENUM64: case DATASEC: return 12L * vlen;
            case ENUM: case FUNC_PROTO: return 8L * vlen;
            default: return 0;
        }
    }

    private BtfType decode(Head h, int q) throws BtfFormatException {
        switch (h.kind()) {
            case INT: return decodeInt(h, i32(q), q);
            case ARRAY:
                zero(h.st(), h.p() + 8, h.id(), "ARRAY size_type");
                return new BtfType.Array(h.name(), h.nameOff(), h.kf(), i32(q), i32(q + 4), i32(q + 8));
            case STRUCT: case UNION: return composite(h, q);
            case ENUM: return enum32(h, q);
            case ENUM64: return enum64(h, q);
            case FUNC_PROTO: return funcProto(h, q);
            case DATASEC: return datasec(h, q);
            case VAR: return new BtfType.Var(h.name(), h.nameOff(), h.kf(), h.st(), i32(q));
            case DECL_TAG: return new BtfType.DeclTag(h.name(), h.nameOff(), h.kf(), h.st(), i32(q));
            default: return simple(h);
        }
    }

    /** Kinds with nothing after the common header. */
    private BtfType simple(Head h) throws BtfFormatException {
        String name = h.name();
        int nameOff = h.nameOff();
        boolean kf = h.kf();
        int st = h.st();
        switch (h.kind()) {
            case PTR: return new BtfType.Ptr(name, nameOff, kf, st);
            case TYPEDEF: return new BtfType.Typedef(name, nameOff, kf, st);
            case VOLATILE: return new BtfType.Volatile(name, nameOff, kf, st);
            case CONST: return new BtfType.Const(name, nameOff, kf, st);
            case RESTRICT: return new BtfType.Restrict(name, nameOff, kf, st);
            case TYPE_TAG: return new BtfType.TypeTag(name, nameOff, kf, st);
            case FUNC: return new BtfType.Func(name, nameOff, kf, st, h.vlen());
            case FLOAT: return new BtfType.FloatType(name, nameOff, kf, st);
            case FWD:
                zero(st, h.p() + 8, h.id(), "FWD size_type");
                return new BtfType.Fwd(name, nameOff, kf);
            default:
                throw new IllegalStateException("kind with data handled by caller: " + h.kind());
        }
    }

    private BtfType decodeInt(Head h, int data, int q) throws BtfFormatException {
        if ((data & 0xf000ff00) != 0) {
            throw new BtfFormatException(TYPES, q, h.id(), String.format("reserved bits set in INT data 0x%08x", data));
        }
        return new BtfType.IntType(h.name(), h.nameOff(), h.kf(), h.st(), (data >>> 24) & 0xf,
                (data >>> 16) & 0xff, data & 0xff);
    }

    private BtfType composite(Head h, int q) throws BtfFormatException {
        BtfType.Member[] ms = new BtfType.Member[h.vlen()];
        for (int i = 0; i < h.vlen(); i++) {
            int m = q + 12 * i;
            int mOff = i32(m);
            int raw = i32(m + 8);
            int bitOff = h.kf() ? raw & 0xffffff : raw;
            int bfSize = h.kf() ? raw >>> 24 : 0;
            ms[i] = new BtfType.Member(name(mOff, m, h.id()), mOff, i32(m + 4), bitOff, bfSize);
        }
        return h.kind() == BtfKind.STRUCT ? new BtfType.Struct(h.name(), h.nameOff(), h.kf(), h.st(), List.of(ms))
                : new BtfType.Union(h.name(), h.nameOff(), h.kf(), h.st(), List.of(ms));
    }

    private BtfType enum32(Head h, int q) throws BtfFormatException {
        BtfType.EnumValue[] vs = new BtfType.EnumValue[h.vlen()];
        for (int i = 0; i < h.vlen(); i++) {
            int e = q + 8 * i;
            int off = i32(e);
            vs[i] = new BtfType.EnumValue(name(off, e, h.id()), off, i32(e + 4));
        }
        return new BtfType.EnumType(h.name(), h.nameOff(), h.kf(), h.st(), List.of(vs));
    }

    private BtfType enum64(Head h, int q) throws BtfFormatException {
        BtfType.Enum64Value[] vs = new BtfType.Enum64Value[h.vlen()];
        for (int i = 0; i < h.vlen(); i++) {
            int e = q + 12 * i;
            int off = i32(e);
            long v = (i32(e + 4) & 0xffffffffL) | ((long) i32(e + 8) << 32);
            vs[i] = new BtfType.Enum64Value(name(off, e, h.id()), off, v);
        }
        return new BtfType.Enum64Type(h.name(), h.nameOff(), h.kf(), h.st(), List.of(vs));
    }

    private BtfType funcProto(Head h, int q) throws BtfFormatException {
        BtfType.Param[] ps = new BtfType.Param[h.vlen()];
        for (int i = 0; i < h.vlen(); i++) {
            int e = q + 8 * i;
            int off = i32(e);
            ps[i] = new BtfType.Param(name(off, e, h.id()), off, i32(e + 4));
        }
        return new BtfType.FuncProto(h.name(), h.nameOff(), h.kf(), h.st(), List.of(ps));
    }

    private BtfType datasec(Head h, int q) {
        BtfType.VarSecinfo[] vs = new BtfType.VarSecinfo[h.vlen()];
        for (int i = 0; i < h.vlen(); i++) {
            int e = q + 12 * i;
            vs[i] = new BtfType.VarSecinfo(i32(e), i32(e + 4), i32(e + 8));
        }
        return new BtfType.Datasec(h.name(), h.nameOff(), h.kf(), h.st(), List.of(vs));
    }

    /** Resolves a name offset; {@code at} is where the offset is stored, for the error. */
    private String name(int off, int at, int id) throws BtfFormatException {
        long uoff = off & 0xffffffffL;
        if (uoff < baseStrLen) {
            return base.string(off);
        }
        long local = uoff - baseStrLen;
        if (local >= strings.length()) {
            throw new BtfFormatException(TYPES, at, id, "string offset " + uoff + " outside string section ("
                    + (baseStrLen + strings.length()) + " bytes)");
        }
        return names.at((int) local);
    }

    /** {@code n} bytes at {@code p}: the type header when {@code kind} is null, else its data. */
    private static void need(int p, long n, int end, int id, BtfKind kind) throws BtfFormatException {
        if (p + n > end) {
            String what = kind == null ? "type header" : kind.label() + " data";
            throw new BtfFormatException(TYPES, p, id, "truncated " + what + ": need " + n + " bytes, "
                    + (end - p) + " left");
        }
    }

    private static void noVlen(Head h) throws BtfFormatException {
        if (h.vlen() != 0) {
            throw new BtfFormatException(TYPES, h.p() + 4, h.id(), h.kind().label() + " with vlen " + h.vlen());
        }
    }

    private static void zero(int v, int at, int id, String field) throws BtfFormatException {
        if (v != 0) {
            throw new BtfFormatException(TYPES, at, id, field + " must be 0, is " + Integer.toUnsignedString(v));
        }
    }

    /**
     * The 32-bit word at {@code p}. Shifts on the array: a cold link decodes 48 000 types in the
     * interpreter, where ByteBuffer.getInt is several calls deep.
     */
    private int i32(int p) {
        byte[] b = data;
        return le ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24
                : b[p] << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffffffffL;
    }
}
