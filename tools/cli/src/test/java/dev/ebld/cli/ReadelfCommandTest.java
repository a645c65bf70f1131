package dev.ebld.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ebld readelf} against the committed {@code llvm-readelf-19 -S -s -r} goldens. */
class ReadelfCommandTest {

    static List<Path> goldens() {
        List<Path> all = CliRun.list("golden/readelf", ".txt");
        assertThat(all).isNotEmpty();
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void matchesLlvmReadelf(Path golden) {
        String name = golden.getFileName().toString();
        Path object = CliRun.obj(name.substring(0, name.length() - ".txt".length()) + ".o");
        CliRun all = CliRun.of("readelf", object.toString());
        assertThat(all.code()).isEqualTo(0);
        assertThat(all.out()).isEqualTo(CliRun.read(golden));
        // Flags in another order print the same parts in llvm-readelf's order.
        assertThat(CliRun.of("readelf", "-s", "-r", "-S", object.toString()).out()).isEqualTo(all.out());
    }

    @Test
    void eachFlagPrintsItsPart() {
        String o = CliRun.obj("globals-el.o").toString();
        assertThat(CliRun.of("readelf", "-S", o).out()).startsWith("There are ")
                .doesNotContain("Symbol table", "Relocation section");
        assertThat(CliRun.of("readelf", "-s", o).out()).startsWith("\nSymbol table '.symtab'")
                .doesNotContain("Section Headers");
        assertThat(CliRun.of("readelf", "-r", o).out()).startsWith("\nRelocation section ")
                .contains("R_BPF_64_64").doesNotContain("Symbol table");
    }

    @Test
    void severalFilesAreIntroducedByName() {
        String a = CliRun.obj("globals-el.o").toString();
        String b = CliRun.obj("globals-eb.o").toString();
        CliRun r = CliRun.of("sections", "-S", a, b);
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("\nFile: " + a + "\n", "\nFile: " + b + "\n");
    }
}
