package dev.ebld.cli;

import dev.ebld.elf.ElfReader;
import dev.ebld.linker.LinkInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ebld link}: a working link with a map, a failing one, and ld's option order rules. */
class LinkCommandTest {

    @Test
    void linksTwoObjectsAndWritesTheMap(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("calls.o");
        Path map = tmp.resolve("calls.map");
        CliRun r = CliRun.of("link", "-o", out.toString(), "--map", map.toString(),
                CliRun.obj("link_calls_a-el.o").toString(), CliRun.obj("link_calls_b-el.o").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(ElfReader.read(out).symbols()).anyMatch(s -> s.name().equals("calls_a"))
                .anyMatch(s -> s.name().equals("calls_b"));
        assertThat(Files.readString(map)).contains("link_calls_a-el.o", "link_calls_b-el.o");
        CliRun dis = CliRun.of("objdump", "-d", out.toString());
        assertThat(dis.out()).contains("<calls_a>:", "<calls_b>:");
    }

    @Test
    void statsGoToStderrOnlyWhenAsked(@TempDir Path tmp) {
        String a = CliRun.obj("link_calls_a-el.o").toString();
        String b = CliRun.obj("link_calls_b-el.o").toString();
        CliRun quiet = CliRun.of("link", "-o", tmp.resolve("q.o").toString(), a, b);
        assertThat(quiet.err()).isEmpty();
        CliRun r = CliRun.of("link", "--stats", "-o", tmp.resolve("s.o").toString(), a, b);
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("ebld link: stage times").contains("  read ", "  btf ", "  write ", "  total ");
    }

    @Test
    void mapDashGoesToStdout(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("calls.o");
        CliRun r = CliRun.of("link", "-o", out.toString(), "--map", "-",
                CliRun.obj("link_calls_a-el.o").toString(), CliRun.obj("link_calls_b-el.o").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("link_calls_a-el.o", "link_calls_b-el.o");
        assertThat(tmp.resolve("-")).doesNotExist();
        assertThat(out).exists();
    }

    @Test
    void linkErrorsGoToStderrInLocationFormatAndLeaveNoOutput(@TempDir Path tmp) {
        Path out = tmp.resolve("bad.o");
        CliRun r = CliRun.of("link", "-o", out.toString(), CliRun.obj("rootlet_ext-el.o").toString(),
                "--whole-archive", CliRun.obj("libcomponents-el.a").toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.errLines().get(0)).contains(": error: ").contains("slot0");
        assertThat(r.errLines()).allMatch(l -> l.contains(": error: ") || l.startsWith(">>> "));
        assertThat(out).doesNotExist();
    }

    @Test
    void aFailedLinkRemovesAStaleOutputButNeverAnInput(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out.o");
        Files.writeString(out, "stale");
        CliRun r = CliRun.of("link", "--no-undefined", "-o", out.toString(), CliRun.obj("rootlet_ext-el.o").toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(out).doesNotExist();
        Path in = tmp.resolve("in.o");
        Files.copy(CliRun.obj("rootlet-el.o"), in);
        byte[] before = Files.readAllBytes(in);
        CliRun self = CliRun.of("link", "-o", in.toString(), in.toString());
        assertThat(self.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(self.err()).contains("would overwrite this input");
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
    }

    @Test
    void noUndefinedListsEveryReference(@TempDir Path tmp) {
        CliRun r = CliRun.of("link", "--no-undefined", "-o", tmp.resolve("x.o").toString(),
                CliRun.obj("rootlet_ext-el.o").toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("undefined symbol", ">>> referenced by");
    }

    @Test
    void wholeArchiveAppliesToTheInputsThatFollowIt() {
        String[] args = {"link", "a.o", "--whole-archive", "b.a", "c.a", "--no-whole-archive",
            "d.a", "-o", "out.o", "--whole-archive", "e.a"};
        CommandLine main = Main.commandLine(args);
        main.parseArgs(args);
        LinkCommand cmd = main.getSubcommands().get("link").getCommand();
        assertThat(cmd.inputs()).containsExactly(
                new LinkInput(Path.of("a.o"), false),
                new LinkInput(Path.of("b.a"), true),
                new LinkInput(Path.of("c.a"), true),
                new LinkInput(Path.of("d.a"), false),
                new LinkInput(Path.of("e.a"), true));
        assertThat(cmd.output()).isEqualTo(Path.of("out.o"));
    }

    @Test
    void archiveMembersArePulledOnlyWhenNeeded(@TempDir Path tmp) {
        Path out = tmp.resolve("ok.o");
        CliRun r = CliRun.of("link", "-o", out.toString(), CliRun.obj("rootlet_ext-el.o").toString(),
                CliRun.obj("libcomponents-el.a").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(out).exists();
        assertThat(List.of(r.errLines().toArray())).noneMatch(l -> l.toString().contains("error"));
    }
}
