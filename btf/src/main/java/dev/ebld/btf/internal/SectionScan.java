package dev.ebld.btf.internal;

import dev.ebld.bytes.FixedWidth;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfHeader;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfSection;

import java.nio.ByteOrder;

/**
 * The first stage of reading {@code .BTF} bytes or a raw BTF file ({@code /sys/kernel/btf/vmlinux}):
 * the byte order (from how the magic 0xeb9f reads), header lengths, record bounds, kinds,
 * reserved bits and string offsets. Type ids and reference cycles are left to {@link RefChecks},
 * which runs next, before anything is decoded; afterwards the model can be trusted by queries and
 * dumps.
 *
 * <p>Fields the model does not keep (reserved info bits, the unused {@code size_type} of ARRAY and
 * FWD, vlen of kinds without members, padding) must be zero, so that writing back is
 * byte-identical; the kernel rejects the same things.
 */
public final class SectionScan {
    private static final String HDR = "header";
    static final String TYPES = "type section";
    private static final String STRS = "string section";

    /** The type section as words, and where it starts in the blob (see {@link ScannedSection#words}). */
    private final int[] words;
    private final int typeStart;
    /** Valid string offsets are below this: the base's string sections plus this blob's. */
    private final long strEnd;
    private final int firstId;
    /** Collects the references of every type for {@link RefChecks}. */
    private final RefChecks.Refs refs;

    private SectionScan(int[] words, int typeStart, Btf base, int strLen) {
        this.words = words;
        this.typeStart = typeStart;
        this.strEnd = (base == null ? 0L : base.stringsEnd()) + strLen;
        this.firstId = base == null ? 1 : base.typeCount();
        this.refs = new RefChecks.Refs(words, typeStart, firstId);
    }

    /**
     * Checks the header, the string section and every type record, all but what
     * {@link RefChecks} does (type id ranges and cycles), and indexes where the types start.
     */
    public static ScannedSection scan(byte[] data, Btf base) throws BtfFormatException {
        ByteOrder order = detectOrder(data, BtfSection.BTF);
        BtfHeader h = readHeader(data, order);
        checkStrings(data, h, base);
        int start = h.hdrLen() + h.typeOff();
        int[] words = ScannedSection.words(data, start, h.typeLen(), order);
        SectionScan r = new SectionScan(words, start, base, h.strLen());
        int[] offsets = new int[h.typeLen() / 12 + 2]; // every type takes 12 bytes or more
        int count = r.scanTypes(start, start + h.typeLen(), offsets);
        return new ScannedSection(words, order, h, base, offsets, count, data, r.refs);
    }

    /** A problem at byte {@code at} of the {@code .BTF} bytes (section or raw file), in type {@code id}. */
    static BtfFormatException fail(String structure, long at, int id, String why) {
        return new BtfFormatException(BtfSection.BTF, structure, at, id, why);
    }

    static BtfFormatException fail(String structure, long at, String why) {
        return new BtfFormatException(BtfSection.BTF, structure, at, why);
    }

    /**
     * Little-endian if the first two bytes read 0xeb9f that way, big-endian if the other way.
     * {@code .BTF} and {@code .BTF.ext} share the magic and a header of at least 24 bytes;
     * {@code section} says which one a problem is reported in.
     */
    public static ByteOrder detectOrder(byte[] data, BtfSection section) throws BtfFormatException {
        if (data.length < BtfHeader.SIZE) {
            throw new BtfFormatException(section, HDR, 0, "truncated: " + data.length + " bytes, header needs "
                    + BtfHeader.SIZE);
        }
        int b0 = data[0] & 0xff;
        int b1 = data[1] & 0xff;
        if (b0 == 0x9f && b1 == 0xeb) {
            return ByteOrder.LITTLE_ENDIAN;
        } else if (b0 == 0xeb && b1 == 0x9f) {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new BtfFormatException(section, HDR, 0, String.format("bad magic 0x%02x%02x, expected 0xeb9f", b0, b1));
    }

    private static BtfHeader readHeader(byte[] buf, ByteOrder order) throws BtfFormatException {
        int version = buf[2] & 0xff;
        int flags = buf[3] & 0xff;
        long hdrLen = FixedWidth.uint32(buf, 4, order);
        long typeOff = FixedWidth.uint32(buf, 8, order);
        long typeLen = FixedWidth.uint32(buf, 12, order);
        long strOff = FixedWidth.uint32(buf, 16, order);
        long strLen = FixedWidth.uint32(buf, 20, order);
        long size = buf.length;
        if (version != 1) {
            throw fail(HDR, 2, "unsupported version " + version);
        }
        if (hdrLen < BtfHeader.SIZE || hdrLen > size) {
            throw fail(HDR, 4, "hdr_len " + hdrLen + " outside [24, " + size + "]");
        }
        for (int i = BtfHeader.SIZE; i < hdrLen; i++) {
            if (buf[i] != 0) {
                throw fail(HDR, i, "non-zero byte in header extension");
            }
        }
        long body = size - hdrLen;
        if (typeOff + typeLen > body) {
            throw fail(HDR, 8, "type section [" + typeOff + ", +" + typeLen
                    + ") runs past the " + body + " bytes after the header");
        }
        if (strOff + strLen > body) {
            throw fail(HDR, 16, "string section [" + strOff + ", +" + strLen
                    + ") runs past the " + body + " bytes after the header");
        }
        if ((typeOff & 3) != 0 || (typeLen & 3) != 0) {
            throw fail(HDR, 8, "type section offset/length not 4-byte aligned");
        }
        if (typeOff < strOff + strLen && strOff < typeOff + typeLen && typeLen > 0 && strLen > 0) {
            throw fail(HDR, 16, "type and string sections overlap");
        }
        BtfHeader h = new BtfHeader(version, flags, (int) hdrLen, (int) typeOff, (int) typeLen,
                (int) strOff, (int) strLen);
        if (h.totalLength() != size) {
            throw fail(HDR, h.totalLength(), (size - h.totalLength())
                    + " trailing bytes after the sections");
        }
        checkPadding(buf, h);
        return h;
    }

    /** Bytes between header, type and string sections are not modelled, so they must be zero. */
    private static void checkPadding(byte[] buf, BtfHeader h) throws BtfFormatException {
        int start = h.hdrLen();
        int t0 = start + h.typeOff();
        int t1 = t0 + h.typeLen();
        int s0 = start + h.strOff();
        int s1 = s0 + h.strLen();
        for (int i = start; i < buf.length; i++) {
            if ((i >= t0 && i < t1) || (i >= s0 && i < s1)) {
                i = (i >= t0 && i < t1) ? t1 - 1 : s1 - 1;
                continue;
            }
            if (buf[i] != 0) {
                throw fail(HDR, i, "non-zero padding between sections");
            }
        }
    }

    /** Checks the string section, {@code h.strLen()} bytes of {@code data} at {@code at}. */
    private static void checkStrings(byte[] data, BtfHeader h, Btf base) throws BtfFormatException {
        int at = h.hdrLen() + h.strOff();
        int len = h.strLen();
        if (base == null && (len == 0 || data[at] != 0)) {
            throw fail(STRS, at, "string section must start with an empty string");
        }
        if (len > 0 && data[at + len - 1] != 0) {
            throw fail(STRS, at + len - 1, "string section not NUL-terminated");
        }
    }

    /**
     * Checks every type record from {@code p} to {@code end}, noting in {@code offsets} where
     * each starts and where the last ends; returns how many there are. (The array is not trimmed:
     * for vmlinux that would be a 1 MB copy.)
     */
    private int scanTypes(int p, int end, int[] offsets) throws BtfFormatException {
        int n = 0;
        while (p < end) {
            offsets[n] = p;
            p = scanType(p, end, firstId + n);
            n++;
        }
        offsets[n] = p;
        return n;
    }

    /** Checks the type with id {@code id} at offset {@code p}, and returns where the next starts. */
    private int scanType(int p, int end, int id) throws BtfFormatException {
        need(p, 12, end, id, null);
        int nameOff = i32(p);
        int info = i32(p + 4);
        if ((info & 0x60ff0000) != 0) {
            throw fail(TYPES, p + 4, id, String.format("reserved bits set in info 0x%08x", info));
        }
        BtfKind kind = BtfKind.ofCode((info >>> 24) & 0x1f);
        if (kind == null) {
            throw fail(TYPES, p + 4, id, "unknown kind " + ((info >>> 24) & 0x1f));
        }
        name(nameOff, p, id);
        int vlen = info & 0xffff;
        if (vlen != 0 && !hasVlen(kind)) {
            throw fail(TYPES, p + 4, id, kind.label() + " with vlen " + vlen);
        }
        long body = bodySize(kind, vlen);
        need(p + 12, body, end, id, kind);
        body(kind, p, id, vlen);
        refs.type(kind, p, id);
        return p + 12 + (int) body;
    }

    /** Kinds whose vlen counts entries after the header (FUNC keeps its linkage there). */
    private static boolean hasVlen(BtfKind kind) {
        return switch (kind) {
            case STRUCT, UNION, ENUM, ENUM64, FUNC_PROTO, DATASEC, FUNC -> true;
            case VOID, INT, PTR, ARRAY, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, VAR, FLOAT, DECL_TAG,
                    TYPE_TAG -> false;
        };
    }

    /** Bytes after the 12-byte header: fixed per kind, or vlen entries. */
    private static long bodySize(BtfKind kind, int vlen) {
        return switch (kind) {
            case INT, VAR, DECL_TAG -> 4;
            case ARRAY -> 12;
            case STRUCT, UNION, ENUM64, DATASEC -> 12L * vlen;
            case ENUM, FUNC_PROTO -> 8L * vlen;
            case VOID, PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG -> 0;
        };
    }

    /**
     * Checks what follows the common header of a type at {@code p}. Type ids are left to
     * {@link RefChecks}.
     */
    private void body(BtfKind kind, int p, int id, int vlen) throws BtfFormatException {
        int st = i32(p + 8);
        int q = p + 12;
        // Each check throws or returns normally; the switch only picks it (0: nothing to check).
        int namedStride = switch (kind) {
            case INT -> intData(i32(q), q, id);
            case ARRAY -> zero(st, p + 8, id, "ARRAY size_type");
            case FWD -> zero(st, p + 8, id, "FWD size_type");
            case STRUCT, UNION, ENUM64 -> 12;
            case ENUM, FUNC_PROTO -> 8;
            // the other kinds hold only type ids and sizes (a DATASEC's entries have no names)
            case VOID, PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG -> 0;
        };
        if (namedStride > 0) {
            entries(q, vlen, namedStride, id);
        }
    }

    /** Checks an INT's data word; returns 0 (no named entries follow). */
    private static int intData(int data, int at, int id) throws BtfFormatException {
        if ((data & 0xf000ff00) != 0) {
            throw fail(TYPES, at, id, String.format("reserved bits set in INT data 0x%08x", data));
        }
        return 0;
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
            throw fail(TYPES, at, id, "string offset " + uoff + " outside string section ("
                    + strEnd + " bytes)");
        }
    }

    /** {@code n} bytes at {@code p}: the type header when {@code kind} is null, else its data. */
    private static void need(int p, long n, int end, int id, BtfKind kind) throws BtfFormatException {
        if (p + n > end) {
            String what = kind == null ? "type header" : kind.label() + " data";
            throw fail(TYPES, p, id, "truncated " + what + ": need " + n + " bytes, "
                    + (end - p) + " left");
        }
    }

    /** Checks that an unused field is 0; returns 0 (no named entries follow). */
    private static int zero(int v, int at, int id, String field) throws BtfFormatException {
        if (v != 0) {
            throw fail(TYPES, at, id, field + " must be 0, is " + Integer.toUnsignedString(v));
        }
        return 0;
    }

    /** The word at byte offset {@code p} of the type section. */
    private int i32(int p) {
        return words[(p - typeStart) >> 2];
    }
}
