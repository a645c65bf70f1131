package dev.ebld.linker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void resultsComeInIndexOrderWhateverThreadComputedThem() {
        List<Integer> out = Parallel.map(200, 2, i -> i * i);
        assertThat(out).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(out.get(i)).isEqualTo(i * i);
        }
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        AtomicInteger[] runs = new AtomicInteger[1000];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = new AtomicInteger();
        }
        Parallel.map(runs.length, 2, i -> runs[i].incrementAndGet());
        for (AtomicInteger r : runs) {
            assertThat(r.get()).isEqualTo(1);
        }
    }

    @Test
    void belowTheThresholdTheCallerDoesAllTheWork() {
        Thread caller = Thread.currentThread();
        List<Boolean> onCaller = Parallel.map(5, 6, i -> Thread.currentThread() == caller);
        assertThat(onCaller).containsOnly(true);
    }

    @Test
    void aFailingItemFailsTheWholeMap() {
        assertThatThrownBy(() -> Parallel.map(100, 2, i -> {
            if (i == 37) {
                throw new IllegalStateException("item 37");
            }
            return i;
        })).hasMessageContaining("item 37");
    }

    @Test
    void resultsAreReadOnly() {
        List<Integer> out = Parallel.map(3, 2, i -> i);
        assertThatThrownBy(() -> out.set(0, 9)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void helpersThatNeverStartLeaveTheWorkToTheCaller() {
        // A saturated pool, or one with no workers, may never run a helper: no deadlock.
        List<Integer> out = Parallel.map(task -> { }, 3, 50, 2, i -> i + 1);
        assertThat(out).hasSize(50).startsWith(1, 2, 3).endsWith(50);
    }

    @Test
    void helpersThatStartLateFindNothingLeft() {
        List<Runnable> parked = new java.util.ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        List<Integer> out = Parallel.map(parked::add, 2, 10, 2, i -> {
            calls.incrementAndGet();
            return i;
        });
        assertThat(out).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(parked).hasSize(2);
        parked.forEach(Runnable::run); // the late helpers take no item and touch no result
        assertThat(out).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(calls.get()).isEqualTo(10);
    }

    @Test
    void aFailureOnAHelperReachesTheCaller() {
        Thread caller = Thread.currentThread();
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2);
        try {
            assertThatThrownBy(() -> Parallel.map(pool, 2, 400, 2, i -> {
                if (Thread.currentThread() != caller) {
                    throw new IllegalStateException("helper failed at " + i);
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return i;
            })).hasMessageContaining("helper failed at");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noItemsNoWork() {
        assertThat(Parallel.map(0, 2, i -> i)).isEmpty();
    }
}
