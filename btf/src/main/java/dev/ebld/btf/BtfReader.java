package dev.ebld.btf;

import dev.ebld.btf.internal.RefChecks;
import dev.ebld.btf.internal.ScannedSection;
import dev.ebld.btf.internal.SectionScan;

/**
 * Reads {@code .BTF} section bytes or a raw BTF file ({@code /sys/kernel/btf/vmlinux}) into the
 * model. Everything is validated once, before any type is decoded: the scan checks the header,
 * record bounds, kinds, reserved bits and string offsets; the reference checks then check type
 * ids and reference cycles; only then are the types decoded. Bytes the model could not write
 * back identically are refused, as the kernel refuses them.
 */
public final class BtfReader {
    private BtfReader() {
    }

    /** Reads base BTF: a {@code .BTF} section or a raw BTF file. */
    public static Btf read(byte[] data) throws BtfFormatException {
        return read(data, null);
    }

    /** Reads split BTF on top of {@code base} (null for base BTF). */
    public static Btf read(byte[] data, Btf base) throws BtfFormatException {
        ScannedSection s = SectionScan.scan(data, base);
        // Now every record, kind and string offset is in bounds.
        RefChecks.check(s);
        // Now every id exists and every reference loop is one C can express.
        return BtfDecode.decode(s);
    }
}
