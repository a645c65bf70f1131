package dev.ebld.linker;

/**
 * A bug in the linker, not a problem with its inputs: an unexpected exception in a stage. It
 * keeps that exception as its cause so the stack trace reaches whoever reports the bug; callers
 * tell it apart from {@link LinkException} (bad input) to exit differently.
 */
public final class InternalLinkerError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InternalLinkerError(RuntimeException cause) {
        super("linker bug: " + cause + " (please report it with the inputs that caused it)", cause);
    }
}
