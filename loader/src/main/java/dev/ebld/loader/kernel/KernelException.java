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
    private final int number;

    public KernelException(Errno errno, String message) {
        this(errno, errno.number(), message);
    }

    /**
     * A failure with the number a real kernel answered: its {@link Errno}, or {@link Errno#EUNKNOWN}
     * with the number kept (and named {@code errno N} in the message) when the table lacks it.
     */
    public KernelException(int number, String message) {
        this(Errno.ofNumber(number).orElse(Errno.EUNKNOWN), number, message);
    }

    private KernelException(Errno errno, int number, String message) {
        super(label(errno, number) + ": " + Objects.requireNonNull(message, "message"));
        this.errno = errno;
        this.number = number;
    }

    public KernelException(Errno errno, String message, Throwable cause) {
        this(errno, message);
        initCause(cause);
    }

    public Errno errno() {
        return errno;
    }

    /** The errno as a number: {@code errno().number()}, or the kernel's number for EUNKNOWN. */
    public int number() {
        return number;
    }

    /** The message without the leading errno name. */
    public String reason() {
        String m = getMessage();
        return m.substring(label(errno, number).length() + 2);
    }

    private static String label(Errno errno, int number) {
        return errno == Errno.EUNKNOWN ? "errno " + number : errno.name();
    }
}
