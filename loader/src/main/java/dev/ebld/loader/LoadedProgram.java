package dev.ebld.loader;

import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import java.util.Objects;

/**
 * A program the kernel accepted: its fd and the exact {@code BPF_PROG_LOAD} attributes it was
 * given (instructions after relocation and subprogram appending, func_info, line_info), which
 * is what {@code bpftool prog dump xlated} compares against.
 *
 * @param log the verifier log the load asked for ({@link LoadOptions#log()}); empty at level 0
 */
public record LoadedProgram(String name, ProgFd fd, ProgLoadAttr attr, String log) {
    public LoadedProgram {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fd, "fd");
        Objects.requireNonNull(attr, "attr");
        Objects.requireNonNull(log, "log");
    }

    /** A program loaded without a verifier log. */
    public LoadedProgram(String name, ProgFd fd, ProgLoadAttr attr) {
        this(name, fd, attr, "");
    }
}
