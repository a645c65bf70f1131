package dev.ebld.cli.sim;

/**
 * A script line that cannot be parsed or run: the message the script prints after
 * {@code SCRIPT:LINE: error: }. Kernel failures arrive as their errno and reason.
 */
public final class SimScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimScriptException(String message) {
        super(message);
    }

    public SimScriptException(String message, Throwable cause) {
        super(message, cause);
    }
}
