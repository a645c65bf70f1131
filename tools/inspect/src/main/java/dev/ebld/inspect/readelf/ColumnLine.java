package dev.ebld.inspect.readelf;

/**
 * One output line whose fields start at fixed columns, the way llvm-readelf lays out its GNU-style
 * tables: a field starts at its column, or one space after the previous field if that one ran
 * long. Long section names therefore push the rest of the row right without breaking later rows.
 */
final class ColumnLine {
    private final StringBuilder sb = new StringBuilder(100);

    /** Appends {@code text} starting at {@code column}, or one space later than the current end. */
    ColumnLine at(int column, String text) {
        int pad = sb.length() == 0 ? column : Math.max(column - sb.length(), 1);
        sb.append(" ".repeat(pad)).append(text);
        return this;
    }

    /** Appends {@code text} right-aligned so it ends at {@code column + width}. */
    ColumnLine right(int column, int width, String text) {
        String padded = text.length() >= width ? text : " ".repeat(width - text.length()) + text;
        return at(column, padded);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
