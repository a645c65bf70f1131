package dev.ebld.btf;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes a {@link BtfExt} into {@code .BTF.ext} bytes: the header, then each block at the
 * offset its header field names, records at the block's declared size (known fields, then the
 * kept extra bytes, then zeros).
 */
public final class BtfExtWriter {
    private BtfExtWriter() {
    }

    public static byte[] write(BtfExt ext) {
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(totalLength(ext))).order(ext.order());
        out.putShort(0, (short) BtfHeader.MAGIC);
        out.put(2, (byte) ext.version());
        out.put(3, (byte) ext.flags());
        out.putInt(4, ext.hdrLen());
        putHeader(out, 8, ext.funcInfo());
        putHeader(out, 16, ext.lineInfo());
        if (ext.hdrLen() >= 32) {
            putHeader(out, 24, ext.coreRelos());
        }
        writeBlock(out, ext.hdrLen(), ext.funcInfo(), (o, r) -> {
            o.putInt(r.insnOff()).putInt(r.typeId()).put(r.extra());
        });
        writeBlock(out, ext.hdrLen(), ext.lineInfo(), (o, r) -> {
            o.putInt(r.insnOff()).putInt(r.fileNameOff()).putInt(r.lineOff()).putInt(r.lineCol()).put(r.extra());
        });
        writeBlock(out, ext.hdrLen(), ext.coreRelos(), (o, r) -> {
            o.putInt(r.insnOff()).putInt(r.typeId()).putInt(r.accessStrOff()).putInt(r.kind()).put(r.extra());
        });
        return out.array();
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

    private static void putHeader(ByteBuffer out, int at, BtfExt.Block<?> b) {
        out.putInt(at, b.off());
        out.putInt(at + 4, b.len());
    }

    private interface RecordEncoder<T> {
        void encode(ByteBuffer out, T record);
    }

    private static <T> void writeBlock(ByteBuffer out, int hdrLen, BtfExt.Block<T> b, RecordEncoder<T> enc) {
        if (b.len() == 0) {
            return;
        }
        if (encodedLength(b) != b.len()) {
            throw new IllegalArgumentException("block length " + b.len() + " does not match its "
                    + encodedLength(b) + " encoded bytes");
        }
        out.position(hdrLen + b.off());
        out.putInt(b.recordSize());
        for (BtfExt.SectionInfo<T> s : b.sections()) {
            out.putInt(s.secNameOff()).putInt(s.records().size());
            for (T r : s.records()) {
                int start = out.position();
                enc.encode(out, r);
                int written = out.position() - start;
                if (written > b.recordSize()) {
                    throw new IllegalArgumentException("record of " + written + " bytes exceeds record size "
                            + b.recordSize());
                }
                out.position(start + b.recordSize());
            }
        }
    }
}
