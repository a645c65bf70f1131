package dev.ebld.inspect.objdump;

/** Number formatting the way LLVM's instruction printer and llvm-objdump write numbers. */
final class Hex {
    private Hex() {
    }

    /** LLVM's {@code formatImm} in hex mode: {@code 0x1f}, {@code -0x1}. */
    static String imm(long v) {
        if (v == Long.MIN_VALUE) {
            return "-0x8000000000000000";
        }
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    /** A branch displacement: {@code +0x2}, {@code +0x0}, {@code -0x9}. */
    static String displacement(long v) {
        return (v >= 0 ? "+" : "") + imm(v);
    }

    /** Zero-padded lower-case hex of {@code width} digits (as printf {@code %016lx}). */
    static String padded(long v, int width) {
        String s = Long.toHexString(v);
        if (s.length() >= width) {
            return s;
        }
        return "0".repeat(width - s.length()) + s;
    }

    /** Two-digit hex bytes separated by single spaces. */
    static String bytes(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder((to - from) * 3);
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return sb.toString();
    }
}
