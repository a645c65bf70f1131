package dev.ebld.maven;

import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;
import dev.ebld.linker.LinkDiagnosticKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosticLogTest {
    @Test
    void eachLineAtTheDiagnosticsLevel() {
        RecordingLog log = new RecordingLog();
        new DiagnosticLog(log).report(List.of(
                Diagnostic.error(LinkDiagnosticKind.DUPLICATE_SYMBOL, Location.at("b.o", ".text", 0x28), "duplicate symbol: foo",
                        "defined in a.o:(.text+0x0)", "defined in b.o:(.text+0x28)"),
                Diagnostic.warning(LinkDiagnosticKind.TYPE_MISMATCH, Location.file("c.o"), "BTF of bar differs")));
        assertThat(log.lines).containsExactly(
                "ERROR b.o:(.text+0x28): error: duplicate symbol: foo",
                "ERROR >>> defined in a.o:(.text+0x0)",
                "ERROR >>> defined in b.o:(.text+0x28)",
                "WARN c.o: warning: BTF of bar differs");
    }
}
