package dev.ebld.linker.internal;

import java.util.List;

/**
 * Everything read by {@link InputReader}: the objects that take part, in link order, and the
 * archive members that stayed out.
 *
 * @param files   objects in link order, archive members at their archive's position
 * @param skipped archive members never pulled, as {@code lib.a(m.o)}
 */
public record InputSet(List<InputFile> files, List<String> skipped) {
    public InputSet {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
