package dev.ebld.loader.interp;

/**
 * How a program's loads and stores into its context are rewritten, as the kernel's
 * {@code convert_ctx_access} does: a 4-byte load of {@code xdp_md->data} becomes the packet
 * pointer, a load of {@code __sk_buff->len} the packet's length, and so on. The context region
 * hands every access at an offset to this instead of to plain bytes.
 */
public interface ContextAccess {

    /**
     * The value a load of {@code size} bytes at {@code off} yields; throws a {@link RunFault}
     * naming {@code pc} for an offset or size the context does not have.
     */
    long load(int off, int size, int pc);

    /** A store into the context; throws a {@link RunFault} for a field that is read-only. */
    void store(int off, int size, long value, int pc);
}
