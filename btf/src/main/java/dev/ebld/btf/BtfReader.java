package dev.ebld.btf;

import dev.ebld.bytes.FixedWidth;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads {@code .BTF} section bytes or a raw BTF file ({@code /sys/kernel/btf/vmlinux}). The byte
 * order comes from how the magic 0xeb9f reads. Everything is validated here, once: header
 * lengths, record bounds, kinds, reserved bits, string offsets ({@link #scan}), then type ids
 * and by-value reference cycles ({@link BtfChecks}); afterwards the model can be trusted by
 * queries and dumps.
 *
 * <p>Fields the model does not keep (reserved info bits, the unused {@code size_type} of ARRAY and
 * FWD, vlen of kinds without members, padding) must be zero, so that writing back is
 * byte-identical; the kernel rejects the same things.
 */
public final class BtfReader {
    private static final String HDR = ".BTF header";
    private static final String TYPES = ".BTF type section";
    private static final String STRS = ".BTF string section";

    /** The type section as words, and where it starts in the blob (see {@link BtfSection#words}). */
    private final int[] words;
    private final int typeStart;
    /** Valid string offsets are below this: the base's string sections plus this blob's. */
    private final long strEnd;
    private final int firstId;
    /** Collects the references of every type for {@link BtfChecks}. */
    private final BtfChecks.Refs refs;

    private BtfReader(int[] words, int typeStart, Btf base, int strLen) {
        this.words = words;
        this.typeStart = typeStart;
        this.strEnd = (base == null ? 0L : base.stringsEnd()) + strLen;
        this.firstId = base == null ? 1 : base.typeCount();
        this.refs = new BtfChecks.Refs(words, typeStart, firstId);
    }

    /** Reads base BTF: a {@code .BTF} section or a raw BTF file. */
    public static Btf read(byte[] data) throws BtfFormatException {
        return read(data, null);
    }

    /** Reads split BTF on top of {@code base} (null for base BTF). */
    public static Btf read(byte[] data, Btf base) throws BtfFormatException {
        BtfSection s = scan(data, base);
        BtfChecks.check(s);
        return BtfDecode.decode(s);
    }

    /**
     * Checks the header, the string section and every type record, all but what
     * {@link BtfChecks} does (type id ranges and cycles), and indexes where the types start.
     */
    static BtfSection scan(byte[] data, Btf base) throws BtfFormatException {
        ByteOrder order = detectOrder(data);
        BtfHeader h = readHeader(data, order);
        byte[] strBytes = new byte[h.strLen()];
        System.arraycopy(data, h.hdrLen() + h.strOff(), strBytes, 0, h.strLen());
        checkStrings(strBytes, h, base);
        int start = h.hdrLen() + h.typeOff();
        int[] words = BtfSection.words(data, start, h.typeLen(), order);
        BtfReader r = new BtfReader(words, start, base, strBytes.length);
        int[] offsets = r.scanTypes(start, start + h.typeLen());
        return new BtfSection(words, order, h, base, offsets, strBytes, r.refs);
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

    private static BtfHeader readHeader(byte[] data, ByteOrder order) throws BtfFormatException {
        int version = data[2] & 0xff;
        int flags = data[3] & 0xff;
        long hdrLen = FixedWidth.uint32(data, 4, order);
        long typeOff = FixedWidth.uint32(data, 8, order);
        long typeLen = FixedWidth.uint32(data, 12, order);
        long strOff = FixedWidth.uint32(data, 16, order);
        long strLen = FixedWidth.uint32(data, 20, order);
        long size = data.length;
        if (version != 1) {
            throw new BtfFormatException(HDR, 2, "unsupported version " + version);
        }
        if (hdrLen < BtfHeader.SIZE || hdrLen > size) {
            throw new BtfFormatException(HDR, 4, "hdr_len " + hdrLen + " outside [24, " + size + "]");
        }
        for (int i = BtfHeader.SIZE; i < hdrLen; i++) {
            if (data[i] != 0) {
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
        checkPadding(data, h);
        return h;
    }

    /** Bytes between header, type and string sections are not modelled, so they must be zero. */
    private static void checkPadding(byte[] data, BtfHeader h) throws BtfFormatException {
        int start = h.hdrLen();
        int t0 = start + h.typeOff();
        int t1 = t0 + h.typeLen();
        int s0 = start + h.strOff();
        int s1 = s0 + h.strLen();
        for (int i = start; i < data.length; i++) {
            if ((i >= t0 && i < t1) || (i >= s0 && i < s1)) {
                i = (i >= t0 && i < t1) ? t1 - 1 : s1 - 1;
                continue;
            }
            if (data[i] != 0) {
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

    /** Checks every type record from {@code p} to {@code end}; returns where each starts. */
    private int[] scanTypes(int p, int end) throws BtfFormatException {
        int[] offsets = new int[(end - p) / 12 + 2]; // every type takes 12 bytes or more
        int n = 0;
        while (p < end) {
            offsets[n] = p;
            p = scanType(p, end, firstId + n);
            n++;
        }
        offsets[n] = p;
        return Arrays.copyOf(offsets, n + 1);
    }

    /** Checks the type with id {@code id} at offset {@code p}, and returns where the next starts. */
    private int scanType(int p, int end, int id) throws BtfFormatException {
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
        name(nameOff, p, id);
        int vlen = info & 0xffff;
        if (vlen != 0 && !hasVlen(kind)) {
            throw new BtfFormatException(TYPES, p + 4, id, kind.label() + " with vlen " + vlen);
        }
        long body = bodySize(kind, vlen);
        need(p + 12, body, end, id, kind);
        body(kind, p, id, vlen);
        refs.type(kind, p, id);
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

    /**
     * Checks what follows the common header of a type at {@code p}. Type ids are left to
     * {@link BtfChecks}.
     */
    private void body(BtfKind kind, int p, int id, int vlen) throws BtfFormatException {
        int st = i32(p + 8);
        int q = p + 12;
        switch (kind) {
            case INT: {
                int data = i32(q);
                if ((data & 0xf000ff00) != 0) {
                    throw new BtfFormatException(TYPES, q, id, String.format("reserved bits set in INT data 0x%08x", data));
                }
                break;
            }
            case ARRAY:
                zero(st, p + 8, id, "ARRAY size_type");
                break;
            case FWD:
                zero(st, p + 8, id, "FWD size_type");
                break;
            case STRUCT: case UNION: case ENUM64:
                entries(q, vlen, 12, id);
                break;
            case ENUM: case FUNC_PROTO:
                entries(q, vlen, 8, id);
                break;
            default: // the other kinds hold only type ids and sizes
                break;
        }
    }

    /** Members, enumerators or parameters: each starts with a name offset. */
    private void entries(int q, int vlen, int stride, int id) throws BtfFormatException {
        for (int i = 0; i < vlen; i++) {
            int e = q + stride * i;
            name(i32(e), e, id);
        }
    }

    /** Checks a name offset; {@code at} is where the offset is stored, for the error. */
    private void name(int off, int at, int id) throws BtfFormatException {
        long uoff = off & 0xffffffffL;
        if (uoff >= strEnd) {
            throw new BtfFormatException(TYPES, at, id, "string offset " + uoff + " outside string section ("
                    + strEnd + " bytes)");
        }
    }

    /** {@code n} bytes at {@code p}: the type header when {@code kind} is null, else its data. */
    private static void need(int p, long n, int end, int id, BtfKind kind) throws BtfFormatException {
        if (p + n > end) {
            String what = kind == null ? "type header" : kind.label() + " data";
            throw new BtfFormatException(TYPES, p, id, "truncated " + what + ": need " + n + " bytes, "
                    + (end - p) + " left");
        }
    }

    private static void zero(int v, int at, int id, String field) throws BtfFormatException {
        if (v != 0) {
            throw new BtfFormatException(TYPES, at, id, field + " must be 0, is " + Integer.toUnsignedString(v));
        }
    }

    /** The word at byte offset {@code p} of the type section. */
    private int i32(int p) {
        return words[(p - typeStart) >> 2];
    }
}
