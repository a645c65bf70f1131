package dev.ebld.cli.bench;

import java.io.PrintWriter;

/** The printed form of benchmark results: aligned rows and ratios stated in words. */
final class Report {
    private final PrintWriter out;

    Report(PrintWriter out) {
        this.out = out;
    }

    void heading(String text) {
        out.println();
        out.println(text);
    }

    void line(String format, Object... args) {
        out.println(String.format(format, args));
    }

    /** One measured row; throughput is over {@code items} inputs of {@code bytes} total, at the median. */
    void row(String label, Samples s, int items, long bytes) {
        double sec = s.medianMillis() / 1e3;
        out.printf("  %-46s %s %8.0f objects/s %7.2f MB/s%n", label, s.describe(), items / sec,
                bytes / 1e6 / sec);
    }

    /** ebld against a reference, at the median and at the best run; above 1 means ebld is faster. */
    void ratio(String what, Samples ebld, Samples ref, String refName) {
        double median = ref.medianMillis() / ebld.medianMillis();
        double best = ref.minMillis() / ebld.minMillis();
        out.printf("  => %s: ebld is %s than %s (best runs: %s)%n", what, words(median), refName, words(best));
    }

    /** {@code median}/{@code best} ratio phrase without the reference's name. */
    private static String words(double r) {
        return r >= 1 ? String.format("%.2fx faster", r) : String.format("%.2fx slower", 1 / r);
    }

    void flush() {
        out.flush();
    }
}
