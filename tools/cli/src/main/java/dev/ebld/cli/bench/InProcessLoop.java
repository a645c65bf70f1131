package dev.ebld.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Times one unit of work in this JVM: runs it for the warm-up time so the JIT compiles the hot
 * paths, then records each run until the measuring time is up (at least five runs). The work
 * returns a number that is summed, so the JIT cannot drop it as dead code.
 */
final class InProcessLoop {
    /** One pass of the work; the result feeds a sink. */
    interface Work {
        long run() throws Exception;
    }

    private long sink;

    Samples measure(Work work, double warmupSeconds, double measureSeconds) throws Exception {
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            sink += work.run();
        } while (System.nanoTime() < warmEnd);
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (measureSeconds * 1e9);
        while (times.size() < 5 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            sink += work.run();
            times.add(System.nanoTime() - t0);
        }
        return new Samples(times.stream().mapToLong(Long::longValue).toArray());
    }

    /** The accumulated results; printing it keeps the work observable. */
    long sink() {
        return sink;
    }
}
