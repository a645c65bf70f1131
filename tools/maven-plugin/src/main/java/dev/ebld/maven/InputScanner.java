package dev.ebld.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lists the regular files under a directory that match any include and no exclude pattern.
 * The result is sorted by relative path so the link line, and with it the output, does not
 * depend on the file system's directory order.
 */
final class InputScanner {
    private final List<AntPattern> includes;
    private final List<AntPattern> excludes;

    InputScanner(List<String> includes, List<String> excludes) {
        this.includes = includes.stream().map(AntPattern::compile).collect(Collectors.toList());
        this.excludes = excludes.stream().map(AntPattern::compile).collect(Collectors.toList());
    }

    /** The matching files, sorted; an absent directory has none. */
    List<Path> scan(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .map(directory::relativize)
                    .filter(rel -> selected(slashed(rel)))
                    .sorted((a, b) -> slashed(a).compareTo(slashed(b)))
                    .map(directory::resolve)
                    .collect(Collectors.toList());
        }
    }

    private boolean selected(String rel) {
        return includes.stream().anyMatch(p -> p.matches(rel))
                && excludes.stream().noneMatch(p -> p.matches(rel));
    }

    private static String slashed(Path rel) {
        return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
    }
}
