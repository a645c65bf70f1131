package dev.ebld.linker.internal;

import dev.ebld.linker.Fixtures;
import dev.ebld.linker.LinkInput;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * zstd inputs, from the committed {@code fixtures/obj/*.zst} (made by fixtures/build.sh with the
 * {@code zstd} CLI): an object and an archive read back to the bytes they were made from, and
 * where zstd-jni's native library cannot load, the input is refused with the old message.
 */
class DecompressorTest {

    @Test
    void zstdObjectAndArchiveDecompressToTheirOriginals() throws Exception {
        for (String f : List.of("component_a-el.o", "libcomponents-el.a")) {
            byte[] compressed = Files.readAllBytes(Fixtures.obj(f + ".zst"));
            assertThat(Decompressor.kind(compressed)).isEqualTo("zstd");
            assertThat(Decompressor.decompress(compressed)).as(f).isEqualTo(Files.readAllBytes(Fixtures.obj(f)));
        }
    }

    @Test
    void aZstdArchiveIsSearchedLikeAPlainOne() {
        InputReader.Result r = InputReader.read(List.of(LinkInput.of(Fixtures.obj("rootlet_ext-el.o")),
                LinkInput.of(Fixtures.obj("libcomponents-el.a.zst"))));
        assertThat(r.diagnostics().all()).isEmpty();
        assertThat(r.inputs().files().stream().map(InputFile::name).map(n -> n.substring(n.lastIndexOf('/') + 1)))
                .containsExactly("rootlet_ext-el.o", "libcomponents-el.a.zst(component_a-el.o)",
                        "libcomponents-el.a.zst(component_b-el.o)");
    }

    /**
     * A JVM where zstd-jni cannot load its library (pointed at a file that does not exist,
     * through zstd-jni's own {@code ZstdNativePath} property) reads the .zst input through
     * {@link Probe} and must print the refusal, not a stack trace.
     */
    @Test
    void withoutTheNativeLibraryZstdIsRefusedWithAClearMessage() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-DZstdNativePath=/nonexistent/libzstd-jni.so");
        cmd.add("-cp");
        cmd.add(testClassPath());
        cmd.add(Probe.class.getName());
        cmd.add(Fixtures.obj("component_a-el.o.zst").toString());
        // stderr carries only the JDK's notes on native access (JDK 24+); the verdict is on stdout.
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out.strip()).isEqualTo("error[unreadable-input]: cannot read input: zstd-compressed inputs are not"
                + " supported (no zstd decoder); decompress with `zstd -d` first");
    }

    /** Everything this test JVM can see, module path included, as one class path. */
    private static String testClassPath() {
        return List.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")).stream()
                .filter(s -> !s.isEmpty()).collect(Collectors.joining(File.pathSeparator));
    }

    /** Reads one input and prints its diagnostics as {@code error[kind]: message}. */
    public static final class Probe {
        public static void main(String[] args) {
            InputReader.read(List.of(LinkInput.of(Path.of(args[0])))).diagnostics().all()
                    .forEach(d -> System.out.println("error[" + d.kind().id() + "]: " + d.message()));
        }
    }
}
