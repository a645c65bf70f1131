package dev.ebld.loader.verifier.safety;

/**
 * The verifier log in the kernel's style: at level 1 the processed instructions of each path and
 * every message; at level 2 also the register state after each instruction. Level 0 keeps only
 * the messages so a rejection's text is always known.
 */
public final class VerifierLog {
    private final int level;
    private final StringBuilder out = new StringBuilder();
    private String last = "";

    public VerifierLog(int level) {
        this.level = level;
    }

    public int level() {
        return level;
    }

    public void line(String s) {
        last = s;
        if (level > 0) {
            out.append(s).append('\n');
        }
    }

    /** A line only shown at {@code minLevel} or above. */
    public void detail(int minLevel, String s) {
        if (level >= minLevel) {
            out.append(s).append('\n');
        }
    }

    /** Like {@link #detail(int, String)}, building the line only when it is shown (hot paths). */
    public void detail(int minLevel, java.util.function.Supplier<String> s) {
        if (level >= minLevel) {
            out.append(s.get()).append('\n');
        }
    }

    public String last() {
        return last;
    }

    public String text() {
        return out.toString();
    }
}
