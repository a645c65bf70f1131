package dev.ebld.loader.kernel;

/** {@code enum bpf_link_type}, for the link kinds the kernel behind {@link Kernel} may create. */
public enum LinkType {
    RAW_TRACEPOINT(1),
    TRACING(2),
    XDP(6),
    TCX(11);

    private final int number;

    LinkType(int number) {
        this.number = number;
    }

    /** The value in the kernel's UAPI. */
    public int number() {
        return number;
    }
}
