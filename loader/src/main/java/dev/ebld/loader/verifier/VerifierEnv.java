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
     * The target of a dynamic call (ebld's {@code BPF_PSEUDO_EBLD_CALL}): function {@code btfId}
     * of the loaded program at {@code fdArray[fdIndex]}; empty when that slot holds no program or
     * its BTF has no such function. A kernel without dynamic calls knows none.
     */
    default Optional<Callee> callee(int fdIndex, int btfId) {
        return Optional.empty();
    }

    /**
     * A function of a loaded program, seen from a caller: the callee program's BTF, the FUNC's id
     * in it, and whether it is global (only global functions, verified on their own against their
     * prototype, may be called from another program).
     */
    record Callee(String name, Btf btf, int funcId, boolean global) {
    }

    /**
     * What the verifier knows of a map: its shape, whether programs may only read it and its
     * contents are frozen (then loads from it are known constants), its current bytes for such a
     * frozen read-only map, and the inner map's facts for a map-in-map.
     */
    record MapFacts(MapType type, int keySize, int valueSize, int maxEntries, int flags,
            boolean frozenReadOnly, Optional<byte[]> frozenValue, Optional<MapFacts> inner) {
    }
}
