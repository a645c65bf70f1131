package dev.ebld.btf;

import dev.ebld.testkit.Oracles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real tools (bpftool, clang-19) for oracle tests; a missing tool skips the test (see Oracles). */
public final class Bpftool {
    private Bpftool() {
    }

    public static String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("bpftool");
        cmd.addAll(List.of(args));
        return exec(cmd, null);
    }

    /** Runs {@code cmd} with {@code stdin} (may be null) and returns its stdout. */
    public static String exec(List<String> cmd, String stdin) throws Exception {
        Oracles.assumeTool(cmd.get(0), "oracle " + cmd.get(0));
        Path err = Files.createTempFile("ebld-oracle", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                Thread t = new Thread(() -> {
                    try (var os = p.getOutputStream()) {
                        os.write(stdin.getBytes(StandardCharsets.UTF_8));
                    } catch (Exception ignored) {
                        // the process died early; its exit status tells
                    }
                });
                t.start();
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(cmd + " exited " + p.exitValue() + ":\n" + Files.readString(err));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    public static boolean onPath(String tool) {
        return Oracles.tool(tool).isPresent();
    }
}
