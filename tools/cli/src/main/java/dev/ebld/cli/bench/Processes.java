package dev.ebld.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs external commands for the benchmarks: timed with output discarded, or captured once. */
final class Processes {
    private Processes() {
    }

    /** Whether {@code program} can be found on PATH (or is an executable path). */
    static boolean available(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Wall time of one run with stdout and stderr discarded; fails if the exit code is not 0. */
    static long timeOnce(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        int code = pb.start().waitFor();
        long t = System.nanoTime() - t0;
        if (code != 0) {
            throw new IOException(String.join(" ", command) + ": exit code " + code);
        }
        return t;
    }

    /**
     * {@code dir/<name>.o}, compiled from {@code source} (written to {@code dir/<name>.c}) by
     * {@code compiler} (the program and its flags) unless it is already there. The object is
     * written under a temporary name first, so an interrupted run leaves no half object behind.
     */
    static Path compileOnce(Path dir, String name, String source, List<String> compiler)
            throws IOException, InterruptedException {
        Path obj = dir.resolve(name + ".o");
        if (!Files.exists(obj)) {
            Path src = dir.resolve(name + ".c");
            Files.writeString(src, source);
            Path tmp = dir.resolve(name + ".o.tmp");
            List<String> command = new ArrayList<>(compiler);
            command.addAll(List.of("-c", src.toString(), "-o", tmp.toString()));
            timeOnce(command);
            Files.move(tmp, obj);
        }
        return obj;
    }

    /** Stdout of one run, as UTF-8; stderr is discarded. */
    static String capture(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        p.waitFor();
        return out.toString(StandardCharsets.UTF_8);
    }
}
