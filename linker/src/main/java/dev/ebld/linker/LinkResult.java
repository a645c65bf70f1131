package dev.ebld.linker;

import dev.ebld.diag.Diagnostic;

import java.nio.file.Path;
import java.util.List;

/**
 * A successful link.
 *
 * @param output   the object written
 * @param warnings diagnostics that did not stop the link
 * @param map      what the linker did (also written to {@code --map}, if asked)
 * @param stats    where the time went, stage by stage
 */
public record LinkResult(Path output, List<Diagnostic> warnings, LinkMap map, LinkStats stats) {
    public LinkResult {
        warnings = List.copyOf(warnings);
    }
}
