package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds the committed fixtures: {@code -Debld.fixtures}, else {@code fixtures/} above the cwd. */
final class Fixtures {
    private Fixtures() {
    }

    static Path root() {
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

    /** Every {@code fixtures/obj/*.o}, sorted by name; fails if there are none. */
    static List<Path> objects() {
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

    /** Reads an object, naming it by its bare file name as the objdump goldens do. */
    static ElfObject readByFileName(Path p) {
        try {
            return ElfReader.read(Files.readAllBytes(p), p.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ElfFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
