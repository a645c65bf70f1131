package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fixture object, every flag set: ebld's listing equals the committed llvm-objdump-19
 * output ({@code fixtures/golden/objdump/<obj>.<flags>.txt}) except the file-name header line.
 */
class ObjdumpPrinterGoldenTest {
    /** Golden suffix and the llvm-objdump flags that produced it (see fixtures/README.md). */
    private static final String[][] FLAG_SETS = {
        {"d", "-d"},
        {"dr", "-d", "-r"},
        {"dr-noraw", "-d", "-r", "--no-show-raw-insn"},
        {"h", "-h"},
        {"t", "-t"},
    };

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Path obj : Fixtures.objects()) {
            for (String[] set : FLAG_SETS) {
                out.add(Arguments.of(obj.getFileName().toString(), set[0]));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesLlvmObjdump(String object, String suffix) throws IOException {
        Path golden = Fixtures.root().resolve("golden/objdump")
                .resolve(object.replaceAll("\\.o$", "") + "." + suffix + ".txt");
        assertThat(golden).as("golden file for %s %s", object, suffix).exists();
        String[] flags = flagsFor(suffix);
        ElfObject obj = Fixtures.readByFileName(Fixtures.root().resolve("obj").resolve(object));
        String actual = ObjdumpPrinter.print(obj, ObjdumpOptions.parse(flags));
        assertThat(withoutFileLine(actual)).isEqualTo(withoutFileLine(Files.readString(golden)));
    }

    private static String[] flagsFor(String suffix) {
        for (String[] set : FLAG_SETS) {
            if (set[0].equals(suffix)) {
                return java.util.Arrays.copyOfRange(set, 1, set.length);
            }
        }
        throw new IllegalArgumentException(suffix);
    }

    /** Drops the {@code <file>:\tfile format elf64-bpf} line, the only one allowed to differ. */
    static String withoutFileLine(String listing) {
        int marker = listing.indexOf(":\tfile format elf64-bpf\n");
        if (marker < 0) {
            return listing;
        }
        int lineStart = listing.lastIndexOf('\n', marker) + 1;
        int lineEnd = listing.indexOf('\n', marker);
        return listing.substring(0, lineStart) + "<file line>" + listing.substring(lineEnd);
    }
}
