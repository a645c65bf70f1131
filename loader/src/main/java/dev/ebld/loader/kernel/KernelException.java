package dev.ebld.loader.kernel;

import java.util.Objects;

/**
 * A bpf(2) command failed: the errno the kernel returns and a message saying why. Unchecked,
 * like the loader's other failures, because nearly every call can fail and the caller usually
 * passes the failure up; catch it where an errno is an expected answer (for example ENOENT from a
 * map lookup loop, or ESTALE from an attach with an expected revision).
 */
public class KernelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    public KernelException(Errno errno, String message) {
        super(errno.name() + ": " + Objects.requireNonNull(message, "message"));
        this.errno = errno;
    }

    public KernelException(Errno errno, String message, Throwable cause) {
        this(errno, message);
        initCause(cause);
    }

    public Errno errno() {
        return errno;
    }

    /** The message without the leading errno name. */
    public String reason() {
        String m = getMessage();
        return m.substring(errno.name().length() + 2);
    }
}
