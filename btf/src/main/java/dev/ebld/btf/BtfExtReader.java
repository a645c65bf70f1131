package dev.ebld.btf;

import dev.ebld.btf.internal.SectionScan;
import dev.ebld.bytes.FixedWidth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@code .BTF.ext} section against the object's {@link Btf}, validating once: header
 * lengths, block bounds, record sizes (at least the known fields, a multiple of 4, as libbpf
 * requires), non-empty section entries, and every type id and string offset the records hold.
 * Bytes outside the header and blocks must be zero so that writing back is byte-identical.
 */
public final class BtfExtReader {
    private static final String HDR = "header";
    private static final int MIN_HDR = 24;
    private static final int CORE_HDR = 32;

    private final ByteBuffer buf;
    private final Btf btf;
    private final int hdrLen;
    private final ByteOrder order;
    /**
     * The object's own strings, each offset decoded once: line_info records repeat their file
     * name and, several records per source line, the line text. Sharing one String per offset
     * also makes later hashing (string-table rebuilds) cheap. Null for split BTF.
     */
    private final BtfStrings.Cache strings;

    /** Decodes one record whose fields start at {@code p}. */
    private interface RecordDecoder<T> {
        T decode(int p, byte[] extra, String where) throws BtfFormatException;
    }

    private BtfExtReader(ByteBuffer buf, Btf btf, int hdrLen) {
        this.buf = buf;
        this.btf = btf;
        this.hdrLen = hdrLen;
        this.order = buf.order();
        this.strings = btf.base().isEmpty() ? btf.strings().new Cache() : null;
    }

    /** A problem at byte {@code at} of the {@code .BTF.ext} section, in type {@code id}. */
    private static BtfFormatException fail(String structure, long at, int id, String why) {
        return new BtfFormatException(BtfSection.BTF_EXT, structure, at, id, why);
    }

    private static BtfFormatException fail(String structure, long at, String why) {
        return new BtfFormatException(BtfSection.BTF_EXT, structure, at, why);
    }

    /**
     * Reads {@code data}, a {@code .BTF.ext} section, against the object's {@code btf}. Every
     * problem is a {@link BtfFormatException} in {@link BtfSection#BTF_EXT} at its byte offset.
     */
    public static BtfExt read(byte[] data, Btf btf) throws BtfFormatException {
        ByteOrder order = SectionScan.detectOrder(data, BtfSection.BTF_EXT);
        ByteBuffer buf = ByteBuffer.wrap(data).order(order);
        int hdrLen = checkHeader(buf);
        // The magic, version and hdr_len are sane; the block fields can be read.
        BtfExtReader r = new BtfExtReader(buf, btf, hdrLen);
        r.checkZero(Math.min(hdrLen, CORE_HDR), hdrLen, "header extension");
        BtfExt.Block<BtfExt.FuncInfo> funcs = r.block(8, "func_info", BtfExt.FUNC_INFO_MIN, r::funcInfo);
        BtfExt.Block<BtfExt.LineInfo> lines = r.block(16, "line_info", BtfExt.LINE_INFO_MIN, r::lineInfo);
        BtfExt.Block<BtfExt.CoreRelo> relos = hdrLen >= CORE_HDR
                ? r.block(24, "core_relo", BtfExt.CORE_RELO_MIN, r::coreRelo) : BtfExt.Block.empty();
        // Every block lies in the section; every record's type id and string offset is in btf.
        BtfExt ext = new BtfExt(order, buf.get(2) & 0xff, buf.get(3) & 0xff, hdrLen, funcs, lines, relos);
        r.checkLayout(ext);
        // Nothing outside header and blocks but zeros: writing ext back gives the same bytes.
        return ext;
    }

    /** Version 1 and a hdr_len inside the section; returns hdr_len. */
    private static int checkHeader(ByteBuffer buf) throws BtfFormatException {
        int version = buf.get(2) & 0xff;
        long hdrLen = buf.getInt(4) & 0xffffffffL;
        if (version != 1) {
            throw fail(HDR, 2, "unsupported version " + version);
        }
        if (hdrLen < MIN_HDR || hdrLen > buf.capacity()) {
            throw fail(HDR, 4, "hdr_len " + hdrLen + " outside [24, " + buf.capacity() + "]");
        }
        return (int) hdrLen;
    }

    private <T> BtfExt.Block<T> block(int hdrField, String what, int minRec, RecordDecoder<T> dec)
            throws BtfFormatException {
        long off = buf.getInt(hdrField) & 0xffffffffL;
        long len = buf.getInt(hdrField + 4) & 0xffffffffL;
        long start = hdrLen + off;
        if (start + len > buf.capacity()) {
            throw fail(HDR, hdrField, what + " [" + off + ", +" + len
                    + ") runs past the end of the section (" + buf.capacity() + " bytes)");
        }
        if (len == 0) {
            return new BtfExt.Block<>((int) off, 0, 0, List.of());
        }
        int p = (int) start;
        int end = (int) (start + len);
        need(p, 4, end, what, "record size");
        int recSize = u32(p);
        if (recSize < minRec || (recSize & 3) != 0) {
            throw fail(what, p, "record size " + Integer.toUnsignedString(recSize)
                    + " is not a multiple of 4 of at least " + minRec);
        }
        p += 4;
        List<BtfExt.SectionInfo<T>> secs = new ArrayList<>();
        while (p < end) {
            need(p, 8, end, what, "section header");
            int nameOff = u32(p);
            String secName = string(nameOff, p, what);
            long num = u32(p + 4) & 0xffffffffL;
            if (num == 0) {
                throw fail(what, p + 4, "section '" + secName + "' has no records");
            }
            p += 8;
            need(p, num * recSize, end, what, num + " records of " + recSize + " bytes");
            List<T> recs = new ArrayList<>((int) num);
            for (int i = 0; i < num; i++, p += recSize) {
                byte[] extra = recSize == minRec ? BtfExt.NO_EXTRA
                        : Arrays.copyOfRange(buf.array(), p + minRec, p + recSize);
                recs.add(dec.decode(p, extra, what));
            }
            secs.add(new BtfExt.SectionInfo<>(secName, nameOff, recs));
        }
        return new BtfExt.Block<>((int) off, (int) len, recSize, secs);
    }

    private BtfExt.FuncInfo funcInfo(int p, byte[] extra, String what) throws BtfFormatException {
        return new BtfExt.FuncInfo(u32(p), typeId(u32(p + 4), p + 4, what), extra);
    }

    private BtfExt.LineInfo lineInfo(int p, byte[] extra, String what) throws BtfFormatException {
        int fileOff = u32(p + 4);
        int lineOff = u32(p + 8);
        return new BtfExt.LineInfo(u32(p), fileOff, string(fileOff, p + 4, what), lineOff,
                string(lineOff, p + 8, what), u32(p + 12), extra);
    }

    private BtfExt.CoreRelo coreRelo(int p, byte[] extra, String what) throws BtfFormatException {
        int accOff = u32(p + 8);
        return new BtfExt.CoreRelo(u32(p), typeId(u32(p + 4), p + 4, what), accOff,
                string(accOff, p + 8, what), u32(p + 12), extra);
    }

    /**
     * The 32-bit word at {@code p}, read from the array with {@link FixedWidth}: records are read by
     * the tens of thousands, mostly interpreted, where a buffer read is several calls deep.
     */
    private int u32(int p) {
        return FixedWidth.u32(buf.array(), p, order);
    }

    private int typeId(int id, int at, String what) throws BtfFormatException {
        if ((id & 0xffffffffL) >= btf.typeCount()) {
            throw fail(what, at, id, "type id " + Integer.toUnsignedString(id)
                    + " out of range, .BTF has " + btf.typeCount() + " ids");
        }
        return id;
    }

    private String string(int off, int at, String what) throws BtfFormatException {
        if ((off & 0xffffffffL) >= btf.stringsEnd()) {
            throw fail(what, at, "string offset " + Integer.toUnsignedString(off)
                    + " outside .BTF strings (" + btf.stringsEnd() + " bytes)");
        }
        return strings != null ? strings.at(off) : btf.string(off);
    }

    private static void need(long p, long n, int end, String what, String field) throws BtfFormatException {
        if (p + n > end) {
            throw fail(what, p, "truncated " + field + ": need " + n + " bytes, "
                    + (end - p) + " left");
        }
    }

    /**
     * The section must be exactly header plus blocks, with zeros in any gap. Only the gaps are
     * visited (clang leaves none), not every byte: this runs once per input, mostly interpreted.
     */
    private void checkLayout(BtfExt ext) throws BtfFormatException {
        long total = BtfExtWriter.totalLength(ext);
        if (total != buf.capacity()) {
            throw fail(HDR, total, (buf.capacity() - total) + " trailing bytes after the blocks");
        }
        List<BtfExt.Block<?>> blocks = new ArrayList<>(List.of(ext.funcInfo(), ext.lineInfo(), ext.coreRelos()));
        blocks.removeIf(b -> b.len() == 0);
        blocks.sort((a, b) -> Integer.compareUnsigned(a.off(), b.off()));
        int covered = hdrLen;
        for (BtfExt.Block<?> b : blocks) {
            int start = hdrLen + b.off();
            if (start > covered) {
                checkZero(covered, start, "padding between blocks");
            }
            covered = Math.max(covered, start + b.len());
        }
    }

    private void checkZero(int from, int to, String what) throws BtfFormatException {
        for (int i = from; i < to; i++) {
            if (buf.get(i) != 0) {
                throw fail(HDR, i, "non-zero byte in " + what);
            }
        }
    }
}
