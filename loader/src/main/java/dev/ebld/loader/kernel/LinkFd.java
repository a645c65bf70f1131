package dev.ebld.loader.kernel;

/** A process's file descriptor for a BPF link object. */
public record LinkFd(int value) implements Fd {
    public LinkFd {
        if (value < 0) {
            throw new IllegalArgumentException("negative fd " + value);
        }
    }

    @Override
    public Kind kind() {
        return Kind.LINK;
    }

    @Override
    public String toString() {
        return "link_fd " + value;
    }
}
