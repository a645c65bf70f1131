package dev.ebld.linker;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * An unmodifiable list of known size whose elements are built on first access. The link map's
 * symbol entries use it: formatting every global's places costs about a tenth of a link with
 * tens of thousands of globals, and {@code ebld link} without {@code --map} never reads them.
 * Equality, hashing and iteration are {@link AbstractList}'s, so a deferred list is
 * indistinguishable from an eager one except in when the work happens.
 */
final class DeferredList<T> extends AbstractList<T> implements RandomAccess {
    private final int size;
    private Supplier<List<T>> build;
    private List<T> elements;

    /** {@code build} must return exactly {@code size} non-null elements; it runs at most once. */
    DeferredList(int size, Supplier<List<T>> build) {
        this.size = size;
        this.build = build;
    }

    private synchronized List<T> elements() {
        if (elements == null) {
            List<T> built = List.copyOf(build.get());
            if (built.size() != size) {
                throw new IllegalStateException("deferred list built " + built.size() + " elements, not " + size);
            }
            elements = built;
            build = null; // let the stage results it captured go
        }
        return elements;
    }

    @Override
    public T get(int index) {
        return elements().get(index);
    }

    @Override
    public int size() {
        return size;
    }
}
