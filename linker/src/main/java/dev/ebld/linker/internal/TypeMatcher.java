package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;

import java.util.Optional;

/**
 * Decides whether an extern's BTF type agrees with its definition's, the check libbpf's linker
 * makes before resolving a symbol. Behind an interface so that the shared BTF compatibility rules
 * can replace the linker's own structural check without touching the linker.
 */
public interface TypeMatcher {

    /**
     * Compares type {@code a} of {@code btfA} with type {@code b} of {@code btfB}.
     *
     * @return empty if they agree, else a short reason ({@code "param count 2 vs 1"})
     */
    Optional<String> mismatch(Btf btfA, int a, Btf btfB, int b);
}
