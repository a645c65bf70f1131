package dev.ebld.loader.kernel;

/** A process's file descriptor for a BPF prog object. */
public record ProgFd(int value) implements Fd {
    public ProgFd {
        if (value < 0) {
            throw new IllegalArgumentException("negative fd " + value);
        }
    }

    @Override
    public Kind kind() {
        return Kind.PROG;
    }

    @Override
    public String toString() {
        return "prog_fd " + value;
    }
}
