package dev.ebld.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ebld btf dump} on the real standard output writes bytes, not text (see
 * {@link StdoutWriter}); those bytes must be the bpftool goldens too, after what was printed
 * before them.
 */
class BtfCommandBytesTest {

    static List<Path> goldens() {
        return BtfCommandTest.goldens();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void byteOutputMatchesBpftool(Path golden) {
        String name = golden.getFileName().toString();
        Path object = CliRun.obj(name.substring(0, name.length() - ".raw.txt".length()) + ".o");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StdoutWriter out = new StdoutWriter(new PrintStream(bytes, false, StandardCharsets.UTF_8));
        out.print("before\n");
        int code = Main.run(new String[] {"btf", "dump", object.toString()}, out, new PrintWriter(new StringWriter()));
        assertThat(code).isEqualTo(0);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("before\n" + CliRun.read(golden));
    }
}
