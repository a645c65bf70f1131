package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.MapCreateAttr;
import java.util.Optional;

/**
 * What {@code CPUMAP} and {@code XSKMAP} share: slots indexed by a u32 below
 * {@code max_entries} (a CPU, a receive queue), each empty or holding a queue frames are
 * redirected into; every index is a key for BPF_MAP_GET_NEXT_KEY; a redirect takes no flags
 * beyond the fallback action (their map_redirect passes no flag mask); programs never write
 * them.
 */
abstract class QueueMap extends SimMap implements RedirectMap {
    QueueMap(SimKernel kernel, int id, MapCreateAttr attr) {
        super(kernel, id, attr);
    }

    @Override
    Optional<byte[]> nextKey(Optional<byte[]> key) {
        return nextIndex(key);
    }

    @Override
    public long redirectFlags() {
        return 0;
    }

    /**
     * Unreachable past the kernel's verifier, which lets programs only look these maps up and
     * redirect through them (check_map_func_compatibility); refused.
     */
    @Override
    long progUpdate(byte[] key, byte[] value, long flags, int cpu) {
        return -Errno.EOPNOTSUPP.number();
    }

    /** Unreachable past the verifier, as {@link #progUpdate}; refused. */
    @Override
    long progDelete(byte[] key) {
        return -Errno.EOPNOTSUPP.number();
    }
}
