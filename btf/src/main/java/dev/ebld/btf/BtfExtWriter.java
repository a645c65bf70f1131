package dev.ebld.btf;

import dev.ebld.bytes.FixedWidth;

import java.nio.ByteOrder;
import java.util.List;

/**
 * Encodes a {@link BtfExt} into {@code .BTF.ext} bytes: the header, then each block at the
 * offset its header field names, records at the block's declared size (known fields, then the
 * kept extra bytes, then zeros).
 *
 * <p>Words are stored into the byte array with {@link FixedWidth} rather than through a {@link
 * java.nio.ByteBuffer}: a link writes tens of thousands of records, mostly before the JIT has
 * compiled anything, and each buffer call is several interpreted calls deep.
 */
public final class BtfExtWriter {
    private BtfExtWriter() {
    }

    public static byte[] write(BtfExt ext) {
        Out out = new Out(new byte[Math.toIntExact(totalLength(ext))], ext.order());
        out.u16(0, BtfHeader.MAGIC);
        out.bytes[2] = (byte) ext.version();
        out.bytes[3] = (byte) ext.flags();
        out.u32(4, ext.hdrLen());
        putHeader(out, 8, ext.funcInfo());
        putHeader(out, 16, ext.lineInfo());
        if (ext.hdrLen() >= 32) {
            putHeader(out, 24, ext.coreRelos());
        }
        writeBlock(out, ext.hdrLen(), ext.funcInfo(), BtfExt.FUNC_INFO_MIN, (o, p, r) -> {
            o.u32(p, r.insnOff());
            o.u32(p + 4, r.typeId());
            return o.extra(p + 8, r.extra());
        });
        writeBlock(out, ext.hdrLen(), ext.lineInfo(), BtfExt.LINE_INFO_MIN, (o, p, r) -> {
            o.u32(p, r.insnOff());
            o.u32(p + 4, r.fileNameOff());
            o.u32(p + 8, r.lineOff());
            o.u32(p + 12, r.lineCol());
            return o.extra(p + 16, r.extra());
        });
        writeBlock(out, ext.hdrLen(), ext.coreRelos(), BtfExt.CORE_RELO_MIN, (o, p, r) -> {
            o.u32(p, r.insnOff());
            o.u32(p + 4, r.typeId());
            o.u32(p + 8, r.accessStrOff());
            o.u32(p + 12, r.kind());
            return o.extra(p + 16, r.extra());
        });
        return out.bytes;
    }

    /** Header plus the furthest-reaching block. */
    public static long totalLength(BtfExt ext) {
        long end = 0;
        for (BtfExt.Block<?> b : List.of(ext.funcInfo(), ext.lineInfo(), ext.coreRelos())) {
            if (b.len() > 0) {
                end = Math.max(end, (b.off() & 0xffffffffL) + (b.len() & 0xffffffffL));
            }
        }
        return ext.hdrLen() + end;
    }

    /** Block length as encoded: record size word plus, per section, 8 bytes and its records. */
    public static int encodedLength(BtfExt.Block<?> b) {
        if (b.sections().isEmpty()) {
            return 0;
        }
        long n = 4;
        for (BtfExt.SectionInfo<?> s : b.sections()) {
            n += 8 + (long) s.records().size() * b.recordSize();
        }
        return Math.toIntExact(n);
    }

    private static void putHeader(Out out, int at, BtfExt.Block<?> b) {
        out.u32(at, b.off());
        out.u32(at + 4, b.len());
    }

    /** The output array and its byte order. */
    private static final class Out {
        final byte[] bytes;
        private final ByteOrder order;

        Out(byte[] bytes, ByteOrder order) {
            this.bytes = bytes;
            this.order = order;
        }

        void u16(int at, int v) {
            FixedWidth.put16(bytes, at, order, v);
        }

        void u32(int at, int v) {
            FixedWidth.put32(bytes, at, order, v);
        }

        /** Where the record being written must end: no field or extra byte may pass it. */
        int recordEnd;

        /** Copies a record's extra bytes to {@code at}; returns where the record's bytes end. */
        int extra(int at, byte[] extra) {
            if (at + extra.length > recordEnd) {
                throw new IllegalArgumentException("record with " + extra.length
                        + " extra bytes exceeds its record size");
            }
            System.arraycopy(extra, 0, bytes, at, extra.length);
            return at + extra.length;
        }
    }

    /**
     * Writes one record at {@code at} and returns the offset just past its bytes. The block's
     * record size is checked to cover the known fields, so only extra bytes can overrun.
     */
    private interface RecordEncoder<T> {
        int encode(Out out, int at, T record);
    }

    private static <T> void writeBlock(Out out, int hdrLen, BtfExt.Block<T> b, int minRecord, RecordEncoder<T> enc) {
        if (b.len() == 0) {
            return;
        }
        if (b.recordSize() < minRecord) {
            throw new IllegalArgumentException("record size " + b.recordSize() + " is below the "
                    + minRecord + " bytes of the known fields");
        }
        if (encodedLength(b) != b.len()) {
            throw new IllegalArgumentException("block length " + b.len() + " does not match its "
                    + encodedLength(b) + " encoded bytes");
        }
        int p = hdrLen + b.off();
        int recordSize = b.recordSize();
        out.u32(p, recordSize);
        p += 4;
        for (BtfExt.SectionInfo<T> s : b.sections()) {
            out.u32(p, s.secNameOff());
            out.u32(p + 4, s.records().size());
            p += 8;
            for (T r : s.records()) {
                out.recordEnd = p + recordSize;
                enc.encode(out, p, r);
                p += recordSize;
            }
        }
    }
}
