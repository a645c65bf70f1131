package dev.ebld.linker;

import dev.ebld.diag.Diagnostic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every scenario expected to fail gives the documented diagnostics: the stable kinds and the
 * symbols that scenarios.tsv names, and text identical to a golden file under
 * {@code src/test/resources/golden/} (see {@link Goldens} for a missing or changed one).
 * Scenarios expected to leave symbols undefined are linked with {@code --no-undefined}.
 */
class NegativeScenarioTest {
    private static final Map<String, LinkDiagnosticKind> KINDS = Map.of(
            "duplicate", LinkDiagnosticKind.DUPLICATE_SYMBOL,
            "type-mismatch", LinkDiagnosticKind.TYPE_MISMATCH,
            "map-mismatch", LinkDiagnosticKind.MAP_MISMATCH,
            "undefined", LinkDiagnosticKind.UNDEFINED_SYMBOL);

    static Stream<Fixtures.Scenario> failing() {
        return Fixtures.scenarios().stream()
                .filter(s -> s.expect().startsWith("error:") || s.expect().startsWith("undefined:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void givesDocumentedDiagnostics(Fixtures.Scenario s) throws IOException {
        String[] expect = s.expect().split(":");
        LinkDiagnosticKind kind = KINDS.get(expect[expect.length - 2]);
        assertThat(kind).as("scenarios.tsv names a kind this test knows: %s", s.expect()).isNotNull();
        List<String> symbols = Arrays.asList(expect[expect.length - 1].split(","));
        LinkException e = catchThrowableOfType(LinkException.class,
                () -> Linker.link(s.linkInputs("el"), new LinkOptions(true)));
        assertThat(e).as("link of %s must fail", s.name()).isNotNull();
        String text = render(e.diagnostics());
        assertThat(e.diagnostics()).as(text).extracting(Diagnostic::kind).contains(kind);
        for (String sym : symbols) {
            assertThat(text).contains(sym);
        }
        Goldens.assertMatches(Path.of("src/test/resources/golden").resolve(s.name() + ".txt"), text);
    }

    /** Diagnostics as the CLI prints them, with fixture paths cut to file names. */
    static String render(List<Diagnostic> ds) {
        String prefix = Fixtures.dir().resolve("obj").toString() + "/";
        return ds.stream().map(Diagnostic::format).collect(Collectors.joining("\n", "", "\n"))
                .replace(prefix, "");
    }
}
