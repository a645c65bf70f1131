package dev.ebld.loader;

import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;
import dev.ebld.loader.kernel.Errno;
import java.util.Objects;

/**
 * Opening or loading an object failed. Carries a stable {@code kind} tests match on
 * ({@code unknown-section}, {@code byte-order}, {@code unresolved-extern}, {@code bad-map},
 * {@code prog-load}, ...), the location (file, section, offset, symbol), the errno libbpf would
 * return for the same failure, and for a refused program the verifier log.
 */
public final class LoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final LoaderDiagnosticKind kind;
    private final transient Location location;
    private final Errno errno;
    private final String log;

    public LoaderException(LoaderDiagnosticKind kind, Location location, Errno errno, String message) {
        this(kind, location, errno, message, "", null);
    }

    public LoaderException(LoaderDiagnosticKind kind, Location location, Errno errno, String message, String log,
            Throwable cause) {
        super(location.format() + ": " + Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.location = location;
        this.errno = Objects.requireNonNull(errno, "errno");
        this.log = Objects.requireNonNull(log, "log");
    }

    public LoaderDiagnosticKind kind() {
        return kind;
    }

    public Location location() {
        return location;
    }

    public Errno errno() {
        return errno;
    }

    /** The verifier log of a refused program; empty otherwise. */
    public String log() {
        return log;
    }

    public Diagnostic toDiagnostic() {
        String msg = getMessage().substring(location.format().length() + 2);
        return Diagnostic.error(kind, location, msg);
    }
}
