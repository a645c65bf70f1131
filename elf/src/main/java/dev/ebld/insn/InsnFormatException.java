package dev.ebld.insn;

/** Code bytes that cannot be split into slots at all (length not a multiple of 8, bad offset). */
public final class InsnFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public InsnFormatException(int offset, String reason) {
        super("instruction at byte offset 0x" + Integer.toHexString(offset) + ": " + reason);
        this.offset = offset;
    }

    /** The byte offset in the code array. */
    public int offset() {
        return offset;
    }
}
