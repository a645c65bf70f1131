package dev.ebld.linker;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to link and how.
 *
 * @param inputs      inputs in link-line order (order decides among weak definitions)
 * @param output      the object to write, atomically
 * @param mapFile     where to write the link map, if wanted
 * @param noUndefined make every unresolved reference an error
 */
public record LinkOptions(List<LinkInput> inputs, Path output, Optional<Path> mapFile,
                          boolean noUndefined) {
    public LinkOptions {
        inputs = List.copyOf(inputs);
    }
}
