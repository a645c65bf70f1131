package dev.ebld.loader.kernel;

/** A successful {@code BPF_PROG_LOAD}: the new fd, the verifier's log and how much it checked. */
public record LoadedProg(ProgFd fd, String log, int verifiedInsns) {
}
