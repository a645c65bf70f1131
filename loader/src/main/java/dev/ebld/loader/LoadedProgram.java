package dev.ebld.loader;

import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import java.util.Objects;

/**
 * A program the kernel accepted: its fd and the exact {@code BPF_PROG_LOAD} attributes it was
 * given (instructions after relocation and subprogram appending, func_info, line_info), which
 * is what {@code bpftool prog dump xlated} compares against.
 */
public record LoadedProgram(String name, ProgFd fd, ProgLoadAttr attr) {
    public LoadedProgram {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fd, "fd");
        Objects.requireNonNull(attr, "attr");
    }
}
