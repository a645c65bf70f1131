package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A command the kernel tests run as a child process (bpftool, clang-19, a bpf(2) probe, rm). */
final class ChildProcess {
    /** What a command printed (stdout and stderr together) and how it exited. */
    record Outcome(int exit, String out) {
    }

    private ChildProcess() {
    }

    static Outcome exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(p.waitFor(), out);
    }

    /** Runs {@code cmd}, which must exit 0 (the test fails with its output otherwise). */
    static String outputOf(String... cmd) throws IOException, InterruptedException {
        Outcome r = exec(List.of(cmd));
        assertEquals(0, r.exit(), String.join(" ", cmd) + ":\n" + r.out());
        return r.out();
    }
}
