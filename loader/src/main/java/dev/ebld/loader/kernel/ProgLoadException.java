package dev.ebld.loader.kernel;

/**
 * {@code BPF_PROG_LOAD} refused the program. Besides the errno ({@code EACCES} or {@code EINVAL}
 * for a verifier rejection, {@code EPERM} for a missing capability, ...), it keeps the verifier
 * log, whose last lines say why, as the kernel's does.
 */
public class ProgLoadException extends KernelException {
    private static final long serialVersionUID = 1L;

    private final String log;

    public ProgLoadException(Errno errno, String message, String log) {
        super(errno, message);
        this.log = log;
    }

    /** A refusal with the number a real kernel answered (see {@link KernelException#number()}). */
    public ProgLoadException(int number, String message, String log) {
        super(number, message);
        this.log = log;
    }

    /** The verifier log, empty when none was asked for or none was written. */
    public String log() {
        return log;
    }
}
