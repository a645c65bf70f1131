package dev.ebld.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One in-process run of {@code ebld}: exit code and captured stdout/stderr. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Non-empty stderr lines. */
    List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    }

    /** Finds the committed fixtures: {@code -Debld.fixtures}, else {@code fixtures/} above the cwd. */
    static Path fixtures() {
        String prop = System.getProperty("ebld.fixtures");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures/obj"))) {
                return dir.resolve("fixtures");
            }
        }
        throw new IllegalStateException("fixtures/ not found; set -Debld.fixtures");
    }

    static Path obj(String name) {
        return fixtures().resolve("obj").resolve(name);
    }

    /** Files in {@code fixtures/<dir>} whose names end with {@code suffix}, sorted. */
    static List<Path> list(String dir, String suffix) {
        try (Stream<Path> s = Files.list(fixtures().resolve(dir))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
