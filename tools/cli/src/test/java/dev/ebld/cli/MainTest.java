package dev.ebld.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** Version, help on every command, and usage errors (exit 2, one line on stderr). */
class MainTest {

    @Test
    void versionIsTheMavenProjectVersion() {
        CliRun r = CliRun.of("--version");
        assertThat(r.code()).isEqualTo(0);
        // Filtered from ${project.version}; an unfiltered resource would print "${project.version}".
        assertThat(r.out()).matches("(?s)ebld \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "objdump", "readelf", "sections", "btf", "btf dump", "link", "bench",
        "bench objdump", "bench btf", "bench link", "bench run", "run", "verify", "demo", "sim",
        "conformance-plugin"})
    void helpOnEveryCommand(String command) {
        String[] args = (command + " --help").trim().split(" ");
        CliRun r = CliRun.of(args);
        assertThat(r.code()).isEqualTo(0);
        String name = command.isEmpty() ? "ebld" : "ebld " + command.replace("sections", "readelf");
        assertThat(r.out()).startsWith("Usage: " + name + " ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void subcommandTableAgreesWithTheCommandModels() {
        CommandLine all = Main.commandLine(new String[] {"--help"});
        for (Main.Subcommand s : Main.SUBCOMMANDS) {
            CommandLine sub = all.getSubcommands().get(s.name());
            assertThat(sub).as(s.name()).isNotNull();
            assertThat(sub.getCommandSpec().name()).isEqualTo(s.name());
            assertThat(sub.getCommandSpec().aliases()).containsExactlyElementsOf(s.aliases());
        }
    }

    @Test
    void helpSubcommandListsEveryCommand() {
        CliRun r = CliRun.of("help");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("objdump", "readelf", "btf", "link", "bench");
    }

    @Test
    void trainCacheRunsEveryCommandQuietlyAndIsHidden() {
        CliRun r = CliRun.of("train-cache", CliRun.fixtures().toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(CliRun.of("--help").out()).doesNotContain("train-cache");
    }

    @Test
    void noSubcommandIsAUsageError() {
        CliRun r = CliRun.of();
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.errLines()).hasSize(1).first().asString().contains("missing subcommand");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = CliRun.of("readelf", "--bogus", "x.o");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.errLines()).hasSize(1).first().asString()
                .startsWith("ebld readelf: error: Unknown option: '--bogus'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CliRun r = CliRun.of("frobnicate");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.errLines()).hasSize(1);
    }

    @Test
    void objdumpWithoutAnActionIsAUsageError() {
        CliRun r = CliRun.of("objdump", CliRun.obj("globals-el.o").toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.errLines()).hasSize(1).first().asString().contains("-d, -r, -h, -t");
    }

    @Test
    void linkWithoutOutputIsAUsageError() {
        CliRun r = CliRun.of("link", CliRun.obj("globals-el.o").toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.errLines()).hasSize(1).first().asString().contains("--output");
    }
}
