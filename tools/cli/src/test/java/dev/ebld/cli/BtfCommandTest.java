package dev.ebld.cli;

import dev.ebld.elf.ElfReader;
import dev.ebld.elf.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ebld btf dump} against the committed bpftool goldens, and its errors. */
class BtfCommandTest {

    static List<Path> goldens() {
        List<Path> all = CliRun.list("golden/btf", ".raw.txt");
        assertThat(all).isNotEmpty();
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void rawDumpMatchesBpftool(Path golden) {
        String name = golden.getFileName().toString();
        Path object = CliRun.obj(name.substring(0, name.length() - ".raw.txt".length()) + ".o");
        CliRun r = CliRun.of("btf", "dump", object.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEqualTo(CliRun.read(golden));
    }

    @Test
    void cFormatDeclaresTypes() {
        CliRun r = CliRun.of("btf", "dump", "--format", "c", CliRun.obj("globals-el.o").toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("#ifndef", "struct");
    }

    @Test
    void unknownFormatIsAUsageError() {
        CliRun r = CliRun.of("btf", "dump", "--format", "json", CliRun.obj("globals-el.o").toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.errLines()).hasSize(1);
    }

    @Test
    void corruptBtfIsOneLineNamingTheFile(@TempDir Path tmp) throws Exception {
        Path src = CliRun.obj("globals-el.o");
        byte[] bytes = Files.readAllBytes(src);
        Section btf = ElfReader.read(src).section(".BTF").orElseThrow();
        // Break the BTF magic (0xeB9F): the ELF stays valid, the BTF reader must reject it.
        bytes[(int) btf.fileOffset()] ^= (byte) 0xff;
        Path bad = tmp.resolve("badbtf.o");
        Files.write(bad, bytes);
        CliRun r = CliRun.of("btf", "dump", bad.toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("ebld: error: " + bad).contains("offset 0x");
    }
}
