package dev.ebld.loader.kernel;

/**
 * A kernel backend other than the simulated one, found at run time by name through
 * {@link java.util.ServiceLoader} ({@link KernelBackends#open}): the real Linux kernel
 * ({@code "linux"}, module {@code ebld-loader-linux}) is compiled for a newer Java than this
 * module, so callers compiled for release 17 reach it by name, never by a class reference.
 */
public interface KernelProvider {
    /** The name the backend is chosen by, for example {@code "linux"}. */
    String name();

    /**
     * Opens a fresh handle on this kernel for this process, after checking that the process may
     * use it.
     *
     * @throws KernelUnavailableException naming why this process cannot use the kernel
     */
    KernelHandle open();
}
