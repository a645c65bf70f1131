package dev.ebld.loader.verifier;

import java.util.Objects;
import java.util.Optional;

/**
 * A verifier's answer: accepted, or the first rejection; the log in the kernel's style at the
 * requested level; and how many instructions it processed ({@code verified_insns}).
 */
public record Verdict(Optional<Rejection> rejection, String log, int verifiedInsns) {

    public Verdict {
        Objects.requireNonNull(rejection, "rejection");
        Objects.requireNonNull(log, "log");
    }

    public static Verdict accept(String log, int verifiedInsns) {
        return new Verdict(Optional.empty(), log, verifiedInsns);
    }

    public static Verdict reject(Rejection rejection, String log, int verifiedInsns) {
        return new Verdict(Optional.of(rejection), log, verifiedInsns);
    }

    public boolean accepted() {
        return rejection.isEmpty();
    }
}
