package dev.ebld.loader.interp;

/**
 * The values {@code ld_imm64 BPF_PSEUDO_FUNC} loads: a callback's slot index tagged so it cannot
 * be mistaken for a data pointer (whose high half is a region tag, see {@link AddressSpace}).
 */
final class CodePointers {
    private static final long TAG = 0x0c0de000_00000000L;

    private CodePointers() {
    }

    static long of(int slot) {
        return TAG | (slot & 0xffff_ffffL);
    }

    /** The slot index, or -1 when {@code value} is no code pointer. */
    static int slotOf(long value) {
        return (value & 0xffffffff_00000000L) == TAG ? (int) value : -1;
    }
}
