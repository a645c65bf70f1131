package dev.ebld.linker.internal;

import dev.ebld.diag.Diagnostic;
import dev.ebld.linker.LinkException;

import java.util.ArrayList;
import java.util.List;

/**
 * Diagnostics of one stage, collected so that every problem of the stage is reported together
 * instead of stopping at the first. A stage hands its collector back through its result, and the
 * driver throws after the stage if any error was collected.
 */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();

    public void add(Diagnostic d) {
        all.add(d);
    }

    public void addAll(List<Diagnostic> ds) {
        all.addAll(ds);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> all() {
        return List.copyOf(all);
    }

    public List<Diagnostic> warnings() {
        return all.stream().filter(d -> !d.isError()).toList();
    }

    /** Fails with every error collected so far (warnings stay for the result). */
    public void throwIfErrors() throws LinkException {
        if (hasErrors()) {
            throw new LinkException(all.stream().filter(Diagnostic::isError).toList());
        }
    }
}
