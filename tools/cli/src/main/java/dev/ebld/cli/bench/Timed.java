package dev.ebld.cli.bench;

import java.util.ArrayList;
import java.util.List;

/** Something a benchmark times: a unit of in-process work, or one or more external commands. */
interface Timed {
    /** Wall time of one run, in nanoseconds. */
    long timeOnce() throws Exception;

    /** Gets ready to be timed: by default one untimed run (builds caches, fills the page cache). */
    default void warmUp() throws Exception {
        timeOnce();
    }

    /** Commands run one after the other; their total time is one sample. */
    static Timed commands(List<List<String>> commands) {
        List<List<String>> copy = List.copyOf(commands);
        return () -> {
            long total = 0;
            for (List<String> c : copy) {
                total += Processes.timeOnce(c);
            }
            return total;
        };
    }

    static Timed command(List<String> command) {
        return commands(List.of(command));
    }

    static List<String> argv(String program, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(program);
        c.addAll(args);
        return c;
    }

    /**
     * Work in this JVM. Warm-up runs it for {@code warmupSeconds} so the JIT compiles the hot
     * paths. Results are summed into a sink that is printed, so the JIT cannot drop the work.
     */
    final class InProcess implements Timed {
        /** One pass of the work; returns a number derived from its result. */
        interface Work {
            long run() throws Exception;
        }

        private final Work work;
        private final double warmupSeconds;
        private long sink;

        InProcess(Work work, double warmupSeconds) {
            this.work = work;
            this.warmupSeconds = warmupSeconds;
        }

        @Override
        public void warmUp() throws Exception {
            long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
            do {
                sink += work.run();
            } while (System.nanoTime() < end);
        }

        @Override
        public long timeOnce() throws Exception {
            long t0 = System.nanoTime();
            sink += work.run();
            return System.nanoTime() - t0;
        }

        long sink() {
            return sink;
        }
    }
}
