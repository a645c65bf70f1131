package dev.ebld.linker.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs independent per-item work on the common fork/join pool, results in item order. The
 * calling thread works too, and items are handed out one at a time, so a slow input does not
 * hold up a fixed share of the others.
 *
 * <p>Written out instead of a parallel stream: a link runs once per JVM, mostly before the JIT
 * has compiled anything, and a stream pipeline is a few thousand interpreted calls and a dozen
 * classes per use before any item is touched. This is one counter and one task per worker.
 */
final class Parallel {
    private Parallel() {
    }

    /**
     * {@code work.apply(i)} for {@code i} in {@code [0, count)}, in index order. Runs on the
     * caller alone when {@code count} is below {@code minParallel} (hand-off costs more than
     * small work) or there is one processor. A failure in any item is rethrown after all
     * workers have stopped.
     */
    static <R> List<R> map(int count, int minParallel, IntFunction<R> work) {
        Object[] out = new Object[count];
        int helpers = Math.min(count, ForkJoinPool.getCommonPoolParallelism() + 1) - 1;
        if (count < minParallel || helpers <= 0 || Runtime.getRuntime().availableProcessors() < 2) {
            for (int i = 0; i < count; i++) {
                out[i] = work.apply(i);
            }
            return results(out);
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                out[i] = work.apply(i);
            }
        };
        List<ForkJoinTask<?>> tasks = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            tasks.add(ForkJoinPool.commonPool().submit(drain));
        }
        RuntimeException failure = null;
        try {
            drain.run();
        } catch (RuntimeException e) {
            next.set(count); // the helpers stop after their current item
            failure = e;
        }
        for (ForkJoinTask<?> t : tasks) {
            try {
                t.join();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        // join() orders the helpers' writes to out[] before these reads.
        return results(out);
    }

    @SuppressWarnings("unchecked")
    private static <R> List<R> results(Object[] out) {
        return (List<R>) Collections.unmodifiableList(Arrays.asList(out));
    }
}
