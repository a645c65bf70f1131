package dev.ebld.loader;

import java.util.Objects;

/**
 * The C source line an instruction came from, as a {@code .BTF.ext} line_info record names it.
 *
 * @param file the source file as the compiler recorded it (the path it was given)
 * @param line 1-based line number
 * @param column 1-based column, 0 when the compiler recorded none
 * @param text the line's text as recorded in the BTF string section (may be empty)
 */
public record SourceLine(String file, int line, int column, String text) {
    public SourceLine {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
    }

    /** {@code file:line}, the way compilers name a line: {@code xdp_prog.c:42}. */
    public String format() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return format();
    }
}
