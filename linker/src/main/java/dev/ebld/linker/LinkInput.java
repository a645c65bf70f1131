package dev.ebld.linker;

import java.nio.file.Path;

/**
 * One input on the link line: an object ({@code .o}), an archive ({@code .a}), optionally
 * compressed. {@code wholeArchive} is ld's {@code --whole-archive} for this input.
 */
public record LinkInput(Path path, boolean wholeArchive) {
    public static LinkInput of(Path path) {
        return new LinkInput(path, false);
    }
}
