package dev.ebld.loader.kernel;

/**
 * A {@link Kernel} that owns the fds it hands out, as a process owns its fd table: {@link #close()}
 * closes every fd still open (objects held elsewhere, by a pin or another process, live on).
 * What a {@link KernelProvider} opens.
 */
public interface KernelHandle extends Kernel, AutoCloseable {
    /** Closes every fd this handle still holds; never fails for an fd already gone. */
    @Override
    void close();
}
