package dev.ebld.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InputScannerTest {
    @TempDir
    Path dir;

    @Test
    void includesMinusExcludesSortedByRelativePath() throws IOException {
        for (String f : List.of("z.o", "a.o", "sub/m.o", "sub/skip.o", "notes.txt", "b.o/inner.txt")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
        List<Path> found = new InputScanner(List.of("**/*.o"), List.of("**/skip.o")).scan(dir);
        assertThat(found).containsExactly(dir.resolve("a.o"), dir.resolve("sub/m.o"), dir.resolve("z.o"));
    }

    @Test
    void missingDirectoryHasNoInputs() throws IOException {
        assertThat(new InputScanner(List.of("**/*.o"), List.of()).scan(dir.resolve("absent"))).isEmpty();
    }
}
