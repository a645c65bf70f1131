package dev.ebld.loader.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The committed fixtures the differential tests run: objects, packets and exclusion lists. */
public final class Corpus {
    private Corpus() {
    }

    /** {@code fixtures/}, found from the working directory upwards. */
    public static Path fixtures() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures/obj"))) {
                return p.resolve("fixtures");
            }
        }
        throw new IllegalStateException("fixtures/ not found above " + Paths.get("").toAbsolutePath());
    }

    /** The little-endian fixture objects, by name. */
    public static List<Path> objects() {
        return list(fixtures().resolve("obj"), "-el.o");
    }

    /** The packet corpus {@code fixtures/pkt/*.bin}, by name. */
    public static List<Path> packets() {
        return list(fixtures().resolve("pkt"), ".bin");
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A committed list of {@code key<TAB>value[<TAB>note]} lines from the test resources
     * ({@code #} comments), as key to value.
     */
    public static Map<String, String> table(String resource) {
        try (var in = Corpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                out.put(c[0], c.length > 1 ? c[1] : "");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
