package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.Optional;

/**
 * {@code BPF_MAP_TYPE_XSKMAP}, as net/xdp/xskmap.c: slot {@code n} is empty or holds an
 * {@code AF_XDP} socket that frames redirected through it reach. The simulated kernel has no
 * sockets, so every slot stays empty, and what the kernel does with an empty xskmap is modelled
 * exactly: an update names a socket fd, so it fails as xsk_map_update_elem fails for an fd that
 * is no AF_XDP socket (after E2BIG past the end: EBADF for a closed fd, ENOTSOCK for any open one,
 * every fd here being a BPF object); user-space lookups are EOPNOTSUPP
 * (xsk_map_lookup_elem_sys_only); a delete is EINVAL past the end and otherwise succeeds;
 * program lookups answer NULL and a redirect takes the fallback action.
 */
final class XskMap extends QueueMap {
    XskMap(SimKernel kernel, int id, MapCreateAttr attr) {
        super(kernel, id, attr);
    }

    @Override
    Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        throw new KernelException(Errno.EOPNOTSUPP, "map " + attr.name() + ": an xskmap's"
                + " sockets cannot be looked up from user space");
    }

    @Override
    void update(byte[] key, byte[] value, UpdateMode mode, SimProcess caller) {
        indexForUpdate(key, value);
        int fd = (int) AddressSpace.getLe(value, 0, 4);
        caller.object(fd);
        throw new KernelException(Errno.ENOTSOCK, "map " + attr.name() + ": fd " + fd
                + " is not an AF_XDP socket (the simulated kernel has no sockets)");
    }

    @Override
    void delete(byte[] key) {
        indexForDelete(key);
    }

    /** __xsk_map_lookup_elem: every slot is empty. */
    @Override
    public boolean aim(RunEnv env, long key) {
        return false;
    }

    /** __xsk_map_lookup_elem: NULL, every slot being empty. */
    @Override
    long progLookup(byte[] key, int cpu) {
        return 0;
    }
}
