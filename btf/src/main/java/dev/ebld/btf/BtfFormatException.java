package dev.ebld.btf;

import java.util.Objects;

/**
 * BTF or BTF.ext bytes that cannot be read: truncated, out of range, an unknown kind, a bad
 * header, or a reference cycle C cannot express. Where the problem is comes as values, so callers
 * build their own locations without reading the message: the {@linkplain #section() section}, the
 * {@linkplain #structure() structure} within it, the byte {@linkplain #offset() offset} from the
 * start of the section (or raw file), the {@linkplain #typeId() type id} when one is involved and,
 * once the source is known ({@link BtfFiles}), the {@linkplain #file() file}.
 */
public final class BtfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@link #typeId()} when no single type is involved. */
    public static final int NO_TYPE = -1;

    private final String file;
    private final BtfSection section;
    private final String structure;
    private final long offset;
    private final int typeId;
    private final String reason;

    public BtfFormatException(BtfSection section, String structure, long offset, int typeId, String reason) {
        this(null, section, structure, offset, typeId, reason);
    }

    public BtfFormatException(BtfSection section, String structure, long offset, String reason) {
        this(null, section, structure, offset, NO_TYPE, reason);
    }

    private BtfFormatException(String file, BtfSection section, String structure, long offset, int typeId,
            String reason) {
        super((file == null ? "" : file + ": ") + detail(section, structure, offset, typeId, reason));
        this.file = file;
        this.section = Objects.requireNonNull(section, "section");
        this.structure = Objects.requireNonNull(structure, "structure");
        this.offset = offset;
        this.typeId = typeId;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    private static String detail(BtfSection section, String structure, long offset, int typeId, String reason) {
        return section.sectionName() + " " + structure + " at offset 0x" + Long.toHexString(offset)
                + (typeId >= 0 ? " (type [" + typeId + "])" : "") + ": " + reason;
    }

    /** The same problem, naming the file it was found in. */
    public BtfFormatException inFile(String fileName) {
        BtfFormatException e = new BtfFormatException(fileName, section, structure, offset, typeId, reason);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The file, or null when the bytes were read without one. */
    public String file() {
        return file;
    }

    /** Which section the offset is in: {@code .BTF} (or a raw BTF file) or {@code .BTF.ext}. */
    public BtfSection section() {
        return section;
    }

    /** What was being read within the section, e.g. {@code header}, {@code type section}, {@code line_info}. */
    public String structure() {
        return structure;
    }

    /** Byte offset from the start of the {@linkplain #section() section} or raw file. */
    public long offset() {
        return offset;
    }

    /** The type id involved, or {@link #NO_TYPE}. */
    public int typeId() {
        return typeId;
    }

    /** The reason alone, without location. */
    public String reason() {
        return reason;
    }

    /**
     * The message without the file: section, structure, offset, type id and reason, for callers
     * that print the file (and section and offset) in a location of their own.
     */
    public String detail() {
        return detail(section, structure, offset, typeId, reason);
    }
}
