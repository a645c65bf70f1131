package dev.ebld.loader.kernel;

/** A network device's interface index, as netlink and {@code if_nametoindex(3)} give it. */
public record Ifindex(int value) {
    public Ifindex {
        if (value <= 0) {
            throw new IllegalArgumentException("bad ifindex " + value);
        }
    }

    @Override
    public String toString() {
        return "ifindex " + value;
    }
}
