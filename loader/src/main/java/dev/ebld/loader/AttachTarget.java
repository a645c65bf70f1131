package dev.ebld.loader;

import dev.ebld.loader.kernel.ProgFd;
import java.util.Objects;

/**
 * A loaded BPF program a freplace (or fentry/fexit) program attaches to, and the function in it
 * ({@code bpf_program__set_attach_target}). The function's BTF id is looked up in the target
 * program's BTF at load.
 */
public record AttachTarget(ProgFd program, String function) {
    public AttachTarget {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(function, "function");
    }
}
