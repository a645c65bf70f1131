package dev.ebld.diag;

import java.util.List;

/**
 * A diagnostic is a value: a stable {@link DiagnosticKind} that tests assert on (e.g.
 * {@code duplicate-symbol}), a severity, the primary location, a one-line message and notes.
 * Notes are the lld-style follow-up lines ({@code >>> defined in b.o}).
 */
public record Diagnostic(DiagnosticKind kind, Severity severity, Location location, String message,
                         List<String> notes) {

    public Diagnostic {
        notes = List.copyOf(notes);
    }

    public static Diagnostic error(DiagnosticKind kind, Location location, String message, String... notes) {
        return new Diagnostic(kind, Severity.ERROR, location, message, List.of(notes));
    }

    public static Diagnostic warning(DiagnosticKind kind, Location location, String message, String... notes) {
        return new Diagnostic(kind, Severity.WARNING, location, message, List.of(notes));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The text form, first line {@code <location>: error: <message>}, then each note on its own
     * line indented with {@code >>> }.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(location.format()).append(": ").append(severity.label()).append(": ").append(message);
        for (String n : notes) {
            sb.append('\n').append(">>> ").append(n);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
