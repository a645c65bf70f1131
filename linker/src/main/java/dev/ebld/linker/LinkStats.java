package dev.ebld.linker;

import java.util.List;
import java.util.Locale;

/**
 * Where a link spent its time, stage by stage, in the order the stages ran ({@code ebld link
 * --stats} prints it). Times are wall-clock from {@link System#nanoTime()}, so they include the
 * JIT's warm-up in a fresh process.
 *
 * @param stages every stage that ran, in order
 */
public record LinkStats(List<Stage> stages) {
    public LinkStats {
        stages = List.copyOf(stages);
    }

    /** One stage: its name (as in docs/design.md) and how long it took. */
    public record Stage(String name, long nanos) {
    }

    /** The sum of all stages. */
    public long totalNanos() {
        long sum = 0;
        for (Stage s : stages) {
            sum += s.nanos();
        }
        return sum;
    }

    /** One line per stage and a total, in milliseconds: {@code "  read      123.4 ms"}. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (Stage s : stages) {
            sb.append(String.format(Locale.ROOT, "  %-10s %8.1f ms%n", s.name(), s.nanos() / 1e6));
        }
        sb.append(String.format(Locale.ROOT, "  %-10s %8.1f ms%n", "total", totalNanos() / 1e6));
        return sb.toString();
    }
}
