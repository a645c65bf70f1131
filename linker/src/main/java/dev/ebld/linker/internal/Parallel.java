package dev.ebld.linker.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs independent per-item work on the common fork/join pool, results in item order. The
 * calling thread works too, and items are handed out one at a time, so a slow input does not
 * hold up a fixed share of the others.
 *
 * <p>Written out instead of a parallel stream: a link runs once per JVM, mostly before the JIT
 * has compiled anything, and a stream pipeline is a few thousand interpreted calls and a dozen
 * classes per use before any item is touched. This is one counter, one latch and one task per
 * helper.
 *
 * <p>Completion is counted per item, never by joining the helper tasks: a pool with no free
 * worker (or {@code java.util.concurrent.ForkJoinPool.common.parallelism=0}) may never start a
 * helper, and then the caller has simply done every item itself.
 */
final class Parallel {
    private Parallel() {
    }

    /**
     * {@code work.apply(i)} for {@code i} in {@code [0, count)}, in index order. Runs on the
     * caller alone when {@code count} is below {@code minParallel} (hand-off costs more than
     * small work) or the pool has no workers. After a failure the remaining items are skipped
     * and the first failure is rethrown once no item is running any more.
     */
    static <R> List<R> map(int count, int minParallel, IntFunction<R> work) {
        return map(ForkJoinPool.commonPool(), ForkJoinPool.getCommonPoolParallelism(), count, minParallel, work);
    }

    /** {@link #map(int, int, IntFunction)} with up to {@code workers} helpers run by {@code pool}. */
    static <R> List<R> map(Executor pool, int workers, int count, int minParallel, IntFunction<R> work) {
        Object[] out = new Object[count];
        int helpers = Math.min(count - 1, workers);
        if (count < minParallel || helpers <= 0) {
            for (int i = 0; i < count; i++) {
                out[i] = work.apply(i);
            }
            return results(out);
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable drain = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        out[i] = work.apply(i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    finished.countDown();
                }
            }
        };
        for (int h = 0; h < helpers; h++) {
            pool.execute(drain);
        }
        drain.run();
        awaitUninterruptibly(finished);
        // The latch orders every item's write to out[] before these reads.
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            // A checked exception thrown sneakily through the IntFunction: never drop it.
            throw new IllegalStateException(t);
        }
        return results(out);
    }

    /** A link is not a cancellable task: wait on, and keep the interrupt for the caller. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> List<R> results(Object[] out) {
        return (List<R>) Collections.unmodifiableList(Arrays.asList(out));
    }
}
