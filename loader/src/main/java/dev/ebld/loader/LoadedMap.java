package dev.ebld.loader;

import dev.ebld.loader.kernel.MapFd;
import java.util.Objects;

/** A map the kernel created (or a pinned one reused) for {@code spec}. */
public record LoadedMap(BpfMap spec, MapFd fd) {
    public LoadedMap {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(fd, "fd");
    }

    public String name() {
        return spec.name();
    }
}
