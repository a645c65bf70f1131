package dev.ebld.loader.kernel;

/**
 * A file descriptor a process holds for a BPF object. Each object kind has its own handle type, so a
 * map fd can never be passed where a program fd is expected; the number is only meaningful inside
 * the process ({@link Kernel}) that handed it out.
 */
public sealed interface Fd permits ProgFd, MapFd, BtfFd, LinkFd {

    /** The kinds of object an fd can refer to (what {@code BPF_OBJ_GET} may return). */
    enum Kind { PROG, MAP, BTF, LINK }

    int value();

    Kind kind();
}
