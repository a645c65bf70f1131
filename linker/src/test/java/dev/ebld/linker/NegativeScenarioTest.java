package dev.ebld.linker;

import dev.ebld.diag.Diagnostic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every scenario expected to fail gives the documented diagnostics: the stable kinds and the
 * symbols that scenarios.tsv names, and text identical to a golden file under
 * {@code src/test/resources/golden/}. Scenarios expected to leave symbols undefined are linked
 * with {@code --no-undefined}. Run with {@code -Debld.updateGoldens=true} to rewrite goldens.
 */
class NegativeScenarioTest {
    private static final Map<String, String> KINDS = Map.of(
            "duplicate", "duplicate-symbol",
            "type-mismatch", "type-mismatch",
            "map-mismatch", "map-mismatch",
            "undefined", "undefined-symbol");

    static Stream<Fixtures.Scenario> failing() {
        return Fixtures.scenarios().stream()
                .filter(s -> s.expect().startsWith("error:") || s.expect().startsWith("undefined:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void givesDocumentedDiagnostics(Fixtures.Scenario s) throws IOException {
        String[] expect = s.expect().split(":");
        String kind = KINDS.get(expect[expect.length - 2]);
        List<String> symbols = Arrays.asList(expect[expect.length - 1].split(","));
        Path out = Files.createTempDirectory("ebld-neg").resolve("out.o");
        LinkException e = catchThrowableOfType(LinkException.class,
                () -> Linker.link(new LinkOptions(s.linkInputs("el"), out, Optional.empty(), true)));
        assertThat(e).as("link of %s must fail", s.name()).isNotNull();
        assertThat(out).doesNotExist();
        String text = render(e.diagnostics());
        assertThat(e.diagnostics()).as(text).extracting(Diagnostic::kind).contains(kind);
        for (String sym : symbols) {
            assertThat(text).contains(sym);
        }
        assertThat(text).isEqualTo(golden(s.name(), text));
    }

    /** Diagnostics as the CLI prints them, with fixture paths cut to file names. */
    static String render(List<Diagnostic> ds) {
        String prefix = Fixtures.dir().resolve("obj").toString() + "/";
        return ds.stream().map(Diagnostic::format).collect(Collectors.joining("\n", "", "\n"))
                .replace(prefix, "");
    }

    static String golden(String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden").resolve(name + ".txt");
        if (Boolean.getBoolean("ebld.updateGoldens") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
