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

    /** One measured row with throughput over {@code items} inputs of {@code bytes} total. */
    void row(String label, Samples s, int items, long bytes) {
        double sec = s.medianMillis() / 1e3;
        out.printf("  %-44s %s  %9.0f objects/s  %7.2f MB/s%n", label, s.describe(), items / sec,
                bytes / 1e6 / sec);
    }

    /** {@code ebld} against {@code ref}, both medians; above 1 means ebld is faster. */
    void ratio(String what, Samples ebld, Samples ref, String refName) {
        double r = ref.medianMillis() / ebld.medianMillis();
        out.printf("  => %s: ebld is %.2fx %s %s%n", what, r >= 1 ? r : 1 / r,
                r >= 1 ? "faster than" : "slower than", refName);
    }

    void flush() {
        out.flush();
    }
}
