package dev.ebld.loader.sim;

/**
 * A map {@code bpf_redirect_map} sends XDP frames through: the kernel's {@code map_redirect}
 * map op, which devmap.c, cpumap.c and xskmap.c each implement as filter.c's
 * {@code __bpf_xdp_redirect_map} with their own lookup and flag mask. {@link SimHelpers} holds
 * the shared part (flags, fallback action); a map says what a key names.
 */
interface RedirectMap {
    /** BPF_F_BROADCAST: the frame goes to every device of a devmap. */
    long BPF_F_BROADCAST = 1 << 3;
    /** BPF_F_EXCLUDE_INGRESS: a broadcast skips the device the frame came in on. */
    long BPF_F_EXCLUDE_INGRESS = 1 << 4;

    /** The flags beyond the fallback action this map type accepts; any other aborts. */
    long redirectFlags();

    /**
     * The type's {@code __*_lookup_elem} for a redirect: points {@code env} at what slot
     * {@code key} (truncated to a u32, as the lookups take it) holds, and answers whether the slot
     * held anything. An empty slot or a key past the end leaves {@code env} alone.
     */
    boolean aim(RunEnv env, long key);
}
