package dev.ebld.linker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredListTest {

    @Test
    void buildsOnFirstAccessAndOnlyOnce() {
        AtomicInteger builds = new AtomicInteger();
        DeferredList<String> l = new DeferredList<>(2, () -> {
            builds.incrementAndGet();
            return List.of("a", "b");
        });
        assertThat(l.size()).isEqualTo(2);
        assertThat(builds).hasValue(0);
        assertThat(l.get(1)).isEqualTo("b");
        assertThat(l).containsExactly("a", "b");
        assertThat(builds).hasValue(1);
    }

    @Test
    void isEqualToTheEagerListAndUnmodifiable() {
        DeferredList<Integer> l = new DeferredList<>(3, () -> List.of(1, 2, 3));
        assertThat(l).isEqualTo(List.of(1, 2, 3)).hasSameHashCodeAs(List.of(1, 2, 3));
        assertThatThrownBy(() -> l.add(4)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> l.set(0, 9)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aBuilderThatBreaksItsSizePromiseFails() {
        DeferredList<Integer> l = new DeferredList<>(2, () -> List.of(1));
        assertThatThrownBy(() -> l.get(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("built 1 elements, not 2");
    }
}
