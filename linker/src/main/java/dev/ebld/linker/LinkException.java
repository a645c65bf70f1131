package dev.ebld.linker;

import dev.ebld.diag.Diagnostic;

import java.util.List;
import java.util.stream.Collectors;

/** The link failed. Carries every error diagnostic of the stage that failed, in report order. */
public final class LinkException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public LinkException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
