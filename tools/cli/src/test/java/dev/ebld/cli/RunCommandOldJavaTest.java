package dev.ebld.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The CLI is compiled for Java 17 and must still start there with the real-kernel backend (a
 * Java 25 class file) on its class path: {@code --kernel sim} runs, {@code --kernel linux} is one
 * line naming the Java it needs. Runs this test's own class path on a JDK 17 from
 * /usr/lib/jvm, when there is one.
 */
class RunCommandOldJavaTest {
    private static Optional<Path> jdk17() throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(jvms)) {
            return s.filter(h -> h.getFileName().toString().matches("(java-|openjdk-|temurin-)?17\\b.*|java-17-.*"))
                    .map(h -> h.resolve("bin/java")).filter(Files::isExecutable).sorted().findFirst();
        }
    }

    /** {@code ebld ARGS} in a new JVM: {@code java} (with any wrapper before it) on this test's class path. */
    static CliRun launch(List<String> java, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(java);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CliRun(p.exitValue(), out, err);
    }

    private static CliRun onJava17(Path java, String... args) throws Exception {
        return launch(List.of(java.toString()), args);
    }

    @Test
    void onJava17TheRealKernelIsOneLineNamingTheJavaItNeeds() throws Exception {
        Optional<Path> java = jdk17();
        Assumptions.assumeTrue(java.isPresent(), "no JDK 17 under /usr/lib/jvm");
        assertThat(System.getProperty("java.class.path")).contains("loader-linux");
        String obj = CliRun.obj("progs_multi-el.o").toString();
        String pkt = CliRun.fixtures().resolve("pkt/zero64.bin").toString();

        CliRun sim = onJava17(java.get(), "run", obj, "--prog", "xdp_calls", "--data-in", pkt);
        CliRun linux = onJava17(java.get(), "run", obj, "--prog", "xdp_calls", "--data-in", pkt, "--kernel", "linux");

        assertThat(sim.code()).as(sim.err()).isEqualTo(Main.OK);
        assertThat(sim.out()).startsWith("Return value: 205,");
        assertThat(linux.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(linux.errLines()).containsExactly("ebld: error: --kernel linux: the backend needs Java 25+"
                + " (running 17)");
    }
}
