package dev.ebld.loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds {@code fixtures/obj} from the module directory upwards, and opens objects from it. */
final class Fixtures {
    private Fixtures() {
    }

    static Path obj(String name) {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("fixtures/obj"))) {
                return p.resolve("fixtures/obj").resolve(name);
            }
            p = p.getParent();
        }
        throw new IllegalStateException("fixtures/obj not found");
    }

    static BpfObject open(String name) {
        try {
            return BpfObject.open(obj(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
