package dev.ebld.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void linksTheRootletAndShowsMapAndDisassembly(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo.o");
        CliRun run = CliRun.of("demo", "-o", out.toString(), "--fixtures", CliRun.fixtures().toString());

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(out).exists();
        // The components' strong slots override the rootlet's weak placeholders.
        assertThat(run.out()).containsPattern("slot0 +GLOBAL +defined by .*component_a-el\\.o")
                .containsPattern("overrides .*rootlet-el\\.o")
                .contains("Unresolved references left for the loader: 0")
                .contains("Disassembly of section xdp:")
                .contains("<rootlet>:");
    }

    @Test
    void missingFixturesIsBadInputNamingTheFile(@TempDir Path dir) {
        CliRun run = CliRun.of("demo", "-o", dir.resolve("x.o").toString(), "--fixtures", dir.toString());

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("rootlet-el.o");
        assertThat(Files.exists(dir.resolve("x.o"))).isFalse();
    }
}
