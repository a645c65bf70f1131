package dev.ebld.maven;

import dev.ebld.diag.Diagnostic;
import dev.ebld.linker.LinkException;
import dev.ebld.linker.LinkOptions;

import java.io.IOException;
import java.util.List;

/** TEMPORARY until dev.ebld.linker.Linker lands: replaced by a direct call. */
final class LinkerCall {
    private LinkerCall() {
    }

    static List<Diagnostic> link(LinkOptions options) throws LinkException, IOException {
        throw new UnsupportedOperationException("dev.ebld.linker.Linker not yet available");
    }
}
