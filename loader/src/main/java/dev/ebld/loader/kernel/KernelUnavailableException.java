package dev.ebld.loader.kernel;

/**
 * A kernel backend cannot be used by this process, and the message says why in one line: the
 * backend is not on the class path, needs a newer Java, or the kernel refuses bpf(2) to this
 * process (for example {@code bpf(2) refused: EPERM}). About the environment, not about an
 * object or a command.
 */
public final class KernelUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelUnavailableException(String message) {
        super(message);
    }

    public KernelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
