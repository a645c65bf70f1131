package dev.ebld.loader.kernel;

/** A process's file descriptor for a BPF map object. */
public record MapFd(int value) implements Fd {
    public MapFd {
        if (value < 0) {
            throw new IllegalArgumentException("negative fd " + value);
        }
    }

    @Override
    public Kind kind() {
        return Kind.MAP;
    }

    @Override
    public String toString() {
        return "map_fd " + value;
    }
}
