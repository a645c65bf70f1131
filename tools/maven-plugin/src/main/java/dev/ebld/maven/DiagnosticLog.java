package dev.ebld.maven;

import dev.ebld.diag.Diagnostic;
import org.apache.maven.plugin.logging.Log;

import java.util.List;
import java.util.function.Consumer;

/**
 * Routes ebld diagnostics into Maven's log at the matching level, one log call per text line,
 * so every line (the located first line and each {@code >>>} note) carries Maven's level prefix
 * and IDEs that parse {@code [ERROR] file:...} lines see them all.
 */
final class DiagnosticLog {
    private final Log log;

    DiagnosticLog(Log log) {
        this.log = log;
    }

    void report(List<Diagnostic> diagnostics) {
        diagnostics.forEach(this::report);
    }

    void report(Diagnostic d) {
        Consumer<CharSequence> sink = switch (d.severity()) {
            case ERROR -> log::error;
            case WARNING -> log::warn;
            case NOTE -> log::info;
        };
        for (String line : d.format().split("\n", -1)) {
            sink.accept(line);
        }
    }
}
