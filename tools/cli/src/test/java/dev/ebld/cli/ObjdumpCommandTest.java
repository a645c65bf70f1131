package dev.ebld.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ebld objdump} against the committed llvm-objdump-19 goldens, every fixture and every
 * flag set, with only the file-name line allowed to differ; and its bad-input behaviour.
 */
class ObjdumpCommandTest {
    /** Golden file kind, as fixtures/build.sh names it, to the flags that produced it. */
    private static final Map<String, String[]> FLAGS = Map.of(
            "d", new String[] {"-d"},
            "dr", new String[] {"-d", "-r"},
            "dr-noraw", new String[] {"-d", "-r", "--no-show-raw-insn"},
            "h", new String[] {"-h"},
            "t", new String[] {"-t"});

    static List<Path> goldens() {
        List<Path> all = CliRun.list("golden/objdump", ".txt");
        assertThat(all).isNotEmpty();
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void matchesLlvmObjdump(Path golden) {
        String name = golden.getFileName().toString();
        String stem = name.substring(0, name.length() - ".txt".length());
        int dot = stem.lastIndexOf('.');
        String object = stem.substring(0, dot) + ".o";
        String[] flags = FLAGS.get(stem.substring(dot + 1));
        assertThat(flags).as("flags for " + name).isNotNull();
        String[] args = concat(new String[] {"objdump"}, flags, CliRun.obj(object).toString());
        CliRun r = CliRun.of(args);
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(withoutFileLine(r.out())).isEqualTo(withoutFileLine(CliRun.read(golden)));
    }

    @Test
    void clusteredShortFlagsWork() {
        Path o = CliRun.obj("globals-el.o");
        CliRun clustered = CliRun.of("objdump", "-dr", o.toString());
        CliRun separate = CliRun.of("objdump", "-d", "-r", o.toString());
        assertThat(clustered.code()).isEqualTo(0);
        assertThat(clustered.out()).isEqualTo(separate.out());
    }

    @Test
    void truncatedFileIsOneLineNamingFileAndOffset(@TempDir Path tmp) throws IOException {
        byte[] whole = Files.readAllBytes(CliRun.obj("globals-el.o"));
        Path cut = tmp.resolve("cut.o");
        Files.write(cut, Arrays.copyOf(whole, 200));
        CliRun r = CliRun.of("objdump", "-d", cut.toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("ebld: error: " + cut + ": ").contains("offset 0x");
    }

    @Test
    void badFileDoesNotStopTheOthers(@TempDir Path tmp) throws IOException {
        Path junk = tmp.resolve("junk.o");
        Files.writeString(junk, "not an ELF file at all, just text that is long enough for a header....");
        Path good = CliRun.obj("globals-el.o");
        CliRun r = CliRun.of("objdump", "-d", junk.toString(), good.toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.errLines()).hasSize(1).first().asString().contains(junk.toString());
        assertThat(r.out()).contains(good + ":\tfile format elf64-bpf", "Disassembly of section");
    }

    @Test
    void missingFileIsBadInput() {
        CliRun r = CliRun.of("objdump", "-d", "/nonexistent/x.o");
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.errLines()).containsExactly("ebld: error: /nonexistent/x.o: no such file");
    }

    /** llvm-objdump names the file as given on its command line; only that line may differ. */
    static String withoutFileLine(String text) {
        return text.lines().filter(l -> !l.endsWith(":\tfile format elf64-bpf"))
                .collect(Collectors.joining("\n"));
    }

    private static String[] concat(String[] a, String[] b, String last) {
        String[] out = Arrays.copyOf(a, a.length + b.length + 1);
        System.arraycopy(b, 0, out, a.length, b.length);
        out[out.length - 1] = last;
        return out;
    }
}
