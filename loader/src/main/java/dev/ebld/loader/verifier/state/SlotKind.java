package dev.ebld.loader.verifier.state;

/** What one stack byte holds, as the kernel's {@code STACK_INVALID/MISC/ZERO/SPILL}. */
public enum SlotKind {
    /** Never written: reading it is an uninitialised read. */
    INVALID,
    /** Some scalar bytes the verifier does not track. */
    MISC,
    /** Known zero. */
    ZERO,
    /** Part of an 8-byte register spill. */
    SPILL
}
