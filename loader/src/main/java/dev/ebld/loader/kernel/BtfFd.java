package dev.ebld.loader.kernel;

/** A process's file descriptor for a BPF btf object. */
public record BtfFd(int value) implements Fd {
    public BtfFd {
        if (value < 0) {
            throw new IllegalArgumentException("negative fd " + value);
        }
    }

    @Override
    public Kind kind() {
        return Kind.BTF;
    }

    @Override
    public String toString() {
        return "btf_fd " + value;
    }
}
