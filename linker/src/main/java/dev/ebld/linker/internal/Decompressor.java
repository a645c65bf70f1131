package dev.ebld.linker.internal;

import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Undoes gzip, xz and zstd compression of an input, recognised by magic bytes rather than by
 * file name so that a renamed file still works. zstd goes through Commons Compress's zstd
 * backend, zstd-jni, whose jar carries the native decoder for common platforms (Linux x86-64
 * and arm64 among them); where that library cannot be loaded, zstd inputs are refused with a
 * clear message instead.
 */
final class Decompressor {
    /** Inputs grow at most this much when decompressed; a guard against decompression bombs. */
    static final long MAX_SIZE = 1L << 30;

    private Decompressor() {
    }

    /** The kind of compression, or null for plain data. */
    static String kind(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return "gzip";
        }
        if (b.length >= 6 && (b[0] & 0xff) == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X'
                && b[4] == 'Z' && b[5] == 0) {
            return "xz";
        }
        if (b.length >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5
                && (b[2] & 0xff) == 0x2f && (b[3] & 0xff) == 0xfd) {
            return "zstd";
        }
        return null;
    }

    /** Plain bytes of a possibly compressed input. */
    static byte[] decompress(byte[] b) throws IOException {
        String kind = kind(b);
        if (kind == null) {
            return b;
        }
        switch (kind) {
            case "gzip":
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
                    return readCapped(in);
                }
            case "xz":
                try (InputStream in = new XZCompressorInputStream(new ByteArrayInputStream(b))) {
                    return readCapped(in);
                }
            default:
                return zstd(b);
        }
    }

    private static byte[] zstd(byte[] b) throws IOException {
        try (InputStream in = new ZstdCompressorInputStream(new ByteArrayInputStream(b))) {
            return readCapped(in);
        } catch (LinkageError e) {
            // zstd-jni loads its native library on first use: missing on this platform, or
            // not extractable (no writable temporary directory), it fails here.
            throw new IOException("zstd-compressed inputs are not supported (no zstd decoder);"
                    + " decompress with `zstd -d` first", e);
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        byte[] out = in.readNBytes((int) Math.min(MAX_SIZE, Integer.MAX_VALUE - 8));
        if (in.read() >= 0) {
            throw new IOException("decompressed input is larger than " + MAX_SIZE + " bytes");
        }
        return out;
    }
}
