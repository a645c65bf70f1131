package dev.ebld.maven;

import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One run of {@code ebld:link} as the plugin sees it: what to link, how, and the files to write.
 * Everything here is part of the up-to-date fingerprint ({@link LinkStamp}).
 *
 * @param inputs  the link line, in order
 * @param output  the object to write
 * @param mapFile where to write the link map, if asked
 * @param options the linker's options
 */
record LinkJob(List<LinkInput> inputs, Path output, Optional<Path> mapFile, LinkOptions options) {
    LinkJob {
        inputs = List.copyOf(inputs);
    }
}
