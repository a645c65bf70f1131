package dev.ebld.loader.kernel;

/**
 * {@code struct bpf_line_info}: the instruction at {@code insnOff} (slots) comes from a source line.
 * File name and line text are offsets into the program BTF's string section, as in the UAPI;
 * {@code lineCol} packs the line number (high 22 bits) and column (low 10 bits).
 */
public record LineInfo(int insnOff, int fileNameOff, int lineOff, int lineCol) {
    public int line() {
        return lineCol >>> 10;
    }

    public int column() {
        return lineCol & 0x3ff;
    }
}
