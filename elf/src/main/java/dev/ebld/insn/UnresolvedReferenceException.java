package dev.ebld.insn;

/** A reference could not be turned into a number: the target is missing or the instruction cannot carry it. */
public final class UnresolvedReferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Reference reference;
    private final int slot;

    public UnresolvedReferenceException(Reference reference, int slot, String reason) {
        super("slot " + slot + ": reference to " + reference.name() + ": " + reason);
        this.reference = reference;
        this.slot = slot;
    }

    public Reference reference() {
        return reference;
    }

    /** The slot of the referring instruction. */
    public int slot() {
        return slot;
    }
}
