package dev.ebld.inspect.objdump;

/**
 * How llvm-objdump shows a chunk of an executable section that only data objects label: eight
 * bytes a line, hex then printable ASCII (mirrors its {@code dumpELFData}).
 */
final class DataDump {
    private DataDump() {
    }

    static void print(byte[] bytes, long base, int start, int end, StringBuilder out) {
        StringBuilder ascii = new StringBuilder();
        int count = 0;
        for (int i = start; i < end; i++) {
            if (count == 0) {
                out.append(String.format("%8x:", base + i));
            }
            int b = bytes[i] & 0xff;
            out.append(String.format(" %02x", b));
            ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            count++;
            if (i == end - 1 || count == 8) {
                out.append(" ".repeat(3 * (8 - count))).append("         ");
                // LLVM prints the ASCII column as a C string: it stops at a NUL.
                int nul = ascii.indexOf("\0");
                out.append(nul < 0 ? ascii : ascii.substring(0, nul)).append('\n');
                ascii.setLength(0);
                count = 0;
            }
        }
    }
}
