package dev.ebld.loader.kernel;

/**
 * The verifier log a load asks for: {@code level} 0 (none; the kernel still writes the reason of
 * a rejection when a buffer is given), 1 (the path that failed, summary) or 2 (every instruction
 * of every path), and how many bytes the caller's buffer holds ({@code ENOSPC} past it).
 */
public record LogOptions(int level, int bufferSize) {
    public static final LogOptions NONE = new LogOptions(0, 0);

    public LogOptions {
        if (level < 0 || level > 2 || bufferSize < 0) {
            throw new IllegalArgumentException("log level " + level + ", size " + bufferSize);
        }
    }

    public static LogOptions level(int level) {
        return new LogOptions(level, 16 << 20);
    }
}
