package dev.ebld.loader.kernel;

/**
 * A type id inside one BTF object (a program's or the kernel's), such as a function's id in a
 * (prog_fd, btf_id) pair. Id 0 is {@code void}.
 */
public record BtfId(int value) {
    public BtfId {
        if (value < 0) {
            throw new IllegalArgumentException("negative BTF id " + value);
        }
    }

    @Override
    public String toString() {
        return "btf_id " + value;
    }
}
