package dev.ebld.cli.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the benchmarks find the repository (fixtures, launcher) and their default inputs. */
final class BenchInputs {
    private BenchInputs() {
    }

    /**
     * The repository root: from the {@code ebld.fixtures} property, else the first directory
     * holding {@code fixtures/obj} walking up from the working directory, else from the jar's
     * location ({@code <root>/tools/cli/target/...}).
     */
    static Optional<Path> root() {
        String prop = System.getProperty("ebld.fixtures");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Optional.of(Path.of(prop).toAbsolutePath().getParent());
        }
        Optional<Path> fromCwd = walkUp(Path.of("").toAbsolutePath());
        if (fromCwd.isPresent()) {
            return fromCwd;
        }
        try {
            Path code = Path.of(BenchInputs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return walkUp(code);
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> walkUp(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures/obj"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code given} if not empty, else every {@code fixtures/obj/*<suffix>}, sorted by name. */
    static List<Path> orFixtures(List<Path> given, String suffix) throws IOException {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        Path dir = root().map(r -> r.resolve("fixtures/obj"))
                .orElseThrow(() -> new IOException("no inputs given and fixtures/obj not found"));
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(out::add);
        }
        if (out.isEmpty()) {
            throw new IOException(dir + ": no *" + suffix + " inputs");
        }
        return out;
    }

    /** The contents of every file, in order, read up front so timed passes do no file I/O. */
    static List<byte[]> readAll(List<Path> files) throws IOException {
        List<byte[]> out = new ArrayList<>(files.size());
        for (Path p : files) {
            out.add(Files.readAllBytes(p));
        }
        return out;
    }

    static long totalLength(List<byte[]> data) {
        long n = 0;
        for (byte[] b : data) {
            n += b.length;
        }
        return n;
    }

    /** Paths relative to the working directory when possible, so command lines stay short. */
    static List<String> names(List<Path> files) {
        Path cwd = Path.of("").toAbsolutePath();
        List<String> out = new ArrayList<>(files.size());
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            out.add(abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString());
        }
        return out;
    }
}
