package dev.ebld.linker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden-text comparison that cannot pass on its own output: a missing golden fails, and so does
 * a different one. Either way the actual text is written beside it as {@code <golden>.actual},
 * for review and, if right, to be renamed over the golden ({@code -Debld.updateGoldens=true}
 * does that directly for existing and new goldens).
 */
public final class Goldens {
    private Goldens() {
    }

    public static void assertMatches(Path golden, String actual) throws IOException {
        Path actualFile = golden.resolveSibling(golden.getFileName() + ".actual");
        if (Boolean.getBoolean("ebld.updateGoldens")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        if (!Files.exists(golden)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
            throw new AssertionError("no golden " + golden + "; the actual text is in " + actualFile
                    + " (review it, then rename it to the golden)");
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (expected.equals(actual)) {
            Files.deleteIfExists(actualFile);
        } else {
            Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as("%s (actual text in %s)", golden, actualFile).isEqualTo(expected);
    }
}
