package dev.ebld.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.testkit.Oracles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI is compiled for Java 17 and must still start there with the real-kernel backend (a
 * Java 25 class file) on its class path: {@code --kernel sim} runs, {@code --kernel linux} is one
 * line naming the Java it needs. Runs this test's own class path on a JDK 17; without one it
 * skips as an oracle test does (and fails when oracles are required).
 */
class RunCommandOldJavaTest {
    /**
     * A JDK 17: the {@code java} on PATH when it is one (as on this project's build machines),
     * else one under /usr/lib/jvm (Debian's place for JDKs). Told by its {@code release} file.
     */
    private static Optional<Path> jdk17() throws Exception {
        List<Path> homes = new java.util.ArrayList<>();
        Optional<Path> onPath = Oracles.tool("java");
        if (onPath.isPresent()) {
            homes.add(onPath.get().toRealPath().getParent().getParent());
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                s.sorted().forEach(homes::add);
            }
        }
        for (Path home : homes) {
            Path release = home.resolve("release");
            Path java = home.resolve("bin/java");
            if (Files.isReadable(release) && Files.isExecutable(java)
                    && Files.readString(release).contains("JAVA_VERSION=\"17.")) {
                return Optional.of(java);
            }
        }
        return Optional.empty();
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
        Oracles.assumeOracle(java.isPresent(), "the CLI on Java 17",
                "no JDK 17 (neither the java on PATH nor one under /usr/lib/jvm)");
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

    /** {@code ebld verify} too: the simulator judges on Java 17; the real kernel is one line naming Java 25. */
    @Test
    void onJava17VerifyWithTheRealKernelIsOneLineNamingTheJavaItNeeds() throws Exception {
        Optional<Path> java = jdk17();
        Oracles.assumeOracle(java.isPresent(), "the CLI on Java 17",
                "no JDK 17 (neither the java on PATH nor one under /usr/lib/jvm)");
        String obj = CliRun.obj("verifier/adjust_head_stale.o").toString();

        CliRun sim = onJava17(java.get(), "verify", obj);
        CliRun both = onJava17(java.get(), "verify", obj, "--kernel", "both");

        assertThat(sim.out()).startsWith("prog reject: " + obj + ":(xdp+0x40): ");
        assertThat(both.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(both.out()).isEmpty();
        assertThat(both.errLines()).containsExactly("ebld: error: --kernel both: the backend needs Java 25+"
                + " (running 17)");
    }
}
