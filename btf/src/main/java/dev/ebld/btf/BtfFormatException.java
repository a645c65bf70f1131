package dev.ebld.btf;

/**
 * BTF or BTF.ext bytes that cannot be read: truncated, out of range, an unknown kind, a bad
 * header, or a reference cycle C cannot express. It always names the structure being read, the
 * byte offset from the start of the section (or raw file) and, when one is involved, the type id;
 * once the source is known ({@link BtfFiles}), also the file.
 */
public final class BtfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@link #typeId()} when no single type is involved. */
    public static final int NO_TYPE = -1;

    private final String file;
    private final String structure;
    private final long offset;
    private final int typeId;
    private final String reason;

    public BtfFormatException(String structure, long offset, int typeId, String reason) {
        this(null, structure, offset, typeId, reason);
    }

    public BtfFormatException(String structure, long offset, String reason) {
        this(null, structure, offset, NO_TYPE, reason);
    }

    private BtfFormatException(String file, String structure, long offset, int typeId, String reason) {
        super((file == null ? "" : file + ": ") + structure + " at offset 0x" + Long.toHexString(offset)
                + (typeId >= 0 ? " (type [" + typeId + "])" : "") + ": " + reason);
        this.file = file;
        this.structure = structure;
        this.offset = offset;
        this.typeId = typeId;
        this.reason = reason;
    }

    /** The same problem, naming the file it was found in. */
    public BtfFormatException inFile(String fileName) {
        BtfFormatException e = new BtfFormatException(fileName, structure, offset, typeId, reason);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The file, or null when the bytes were read without one. */
    public String file() {
        return file;
    }

    /** What was being read, e.g. {@code .BTF type section} or {@code .BTF.ext line_info}. */
    public String structure() {
        return structure;
    }

    /** Byte offset from the start of the section or raw file. */
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
}
