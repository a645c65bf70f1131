package dev.ebld.insn;

/** Access sizes of load, store and atomic instructions. */
public enum MemSize {
    W(0x00, 4, "u32", "s32"),
    H(0x08, 2, "u16", "s16"),
    B(0x10, 1, "u8", "s8"),
    DW(0x18, 8, "u64", "s64");

    private final int bits;
    private final int bytes;
    private final String unsignedName;
    private final String signedName;

    MemSize(int bits, int bytes, String unsignedName, String signedName) {
        this.bits = bits;
        this.bytes = bytes;
        this.unsignedName = unsignedName;
        this.signedName = signedName;
    }

    /** The size bits as they sit in the opcode byte (0x00, 0x08, 0x10, 0x18). */
    public int bits() {
        return bits;
    }

    public int bytes() {
        return bytes;
    }

    /** {@code u32}, as in {@code *(u32 *)(r1 + 0x4)}. */
    public String unsignedName() {
        return unsignedName;
    }

    /** {@code s32}, the sign-extending load spelling. */
    public String signedName() {
        return signedName;
    }

    public static MemSize fromOpcode(int opcode) {
        return values()[(opcode >>> 3) & 3];
    }
}
