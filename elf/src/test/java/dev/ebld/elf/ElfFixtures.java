package dev.ebld.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the committed fixtures: {@code -Debld.fixtures}, else {@code fixtures/} above the cwd.
 * The one locator for every test package of this module (elf, insn).
 */
public final class ElfFixtures {
    private ElfFixtures() {
    }

    public static Path root() {
        String prop = System.getProperty("ebld.fixtures");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("fixtures");
            if (Files.isDirectory(candidate.resolve("obj"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("fixtures/ not found; set -Debld.fixtures");
    }

    /** Every {@code fixtures/obj/*.o}, sorted by name; fails if there are none. */
    public static List<Path> objects() {
        try (Stream<Path> files = Files.list(root().resolve("obj"))) {
            List<Path> objs = files.filter(p -> p.getFileName().toString().endsWith(".o"))
                    .sorted().collect(Collectors.toList());
            if (objs.isEmpty()) {
                throw new IllegalStateException("no objects in " + root().resolve("obj"));
            }
            return objs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Objects {@code bpftool gen object} (libbpf's linker) made: {@code golden/link/*.o}. */
    public static List<Path> libbpfLinkedObjects() {
        Path dir = root().resolve("golden/link");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".o")).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an object; messages name it by its full path. */
    public static ElfObject read(Path p) {
        try {
            return ElfReader.read(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ElfFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Reads an object, naming it by its bare file name as the objdump goldens do. */
    public static ElfObject readByFileName(Path p) {
        try {
            return ElfReader.read(bytes(p), p.getFileName().toString());
        } catch (ElfFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
