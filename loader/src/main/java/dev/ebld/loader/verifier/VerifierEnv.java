package dev.ebld.loader.verifier;

import dev.ebld.btf.Btf;
import dev.ebld.loader.kernel.MapType;
import java.util.Optional;

/**
 * The kernel state a verifier may consult while checking one load: what the fds in the program's
 * {@code ld_imm64} instructions refer to, and the kernel's BTF. The simulated kernel implements it
 * over the loading process's fd table.
 */
public interface VerifierEnv {

    /** The map behind {@code fd} in the loading process, if it is a map fd. */
    Optional<MapFacts> map(int fd);

    /** The kernel's BTF (context structs, helper prototypes, kfuncs). */
    Btf kernelBtf();

    /**
     * What the verifier knows of a map: its shape, whether programs may only read it and its
     * contents are frozen (then loads from it are known constants), its current bytes for such a
     * frozen read-only map, and the inner map's facts for a map-in-map.
     */
    record MapFacts(MapType type, int keySize, int valueSize, int maxEntries, int flags,
            boolean frozenReadOnly, Optional<byte[]> frozenValue, Optional<MapFacts> inner) {
    }
}
