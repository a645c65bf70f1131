package dev.ebld.cli;

/**
 * Bad input found by the CLI itself rather than a library (for example a BTF dump of an object
 * without {@code .BTF}). The message names the file and, where there is one, the section.
 */
public final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
