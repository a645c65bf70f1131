package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code BPF_MAP_TYPE_ARRAY} and {@code BPF_MAP_TYPE_PERCPU_ARRAY}: {@code max_entries} values,
 * all present from creation, zeroed, indexed by a u32 key. Elements cannot be deleted
 * ({@code EINVAL}) and {@code BPF_NOEXIST} always fails with {@code EEXIST}, as in arraymap.c.
 * Each element (per CPU) becomes a region the first time a program looks it up.
 */
final class ArrayMap extends SimMap {
    private final int stride;
    private final byte[] data;
    private final Region[] regions;

    ArrayMap(SimKernel kernel, int id, MapCreateAttr attr) {
        super(kernel, id, attr);
        this.stride = roundUp8(attr.valueSize());
        int copies = perCpu() ? cpus : 1;
        this.data = new byte[Math.multiplyExact(Math.multiplyExact(attr.maxEntries(), stride), copies)];
        this.regions = new Region[attr.maxEntries() * copies];
    }

    private int offset(int index, int cpu) {
        return perCpu() ? (index * cpus + cpu) * stride : index * stride;
    }

    @Override
    Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        int i = arrayIndex(key);
        if (i < 0) {
            return Optional.empty();
        }
        if (!perCpu()) {
            return Optional.of(Arrays.copyOfRange(data, offset(i, 0), offset(i, 0) + attr.valueSize()));
        }
        return Optional.of(Arrays.copyOfRange(data, offset(i, 0), offset(i, 0) + cpus * stride));
    }

    @Override
    void update(byte[] key, byte[] value, UpdateMode mode, SimProcess caller) {
        int i = slotForUpdate(key, value, mode, "array elements");
        System.arraycopy(value, 0, data, offset(i, 0), value.length);
    }

    @Override
    void delete(byte[] key) {
        checkKey(key);
        throw new KernelException(Errno.EINVAL, "map " + attr.name()
                + ": array elements cannot be deleted");
    }

    @Override
    Optional<byte[]> nextKey(Optional<byte[]> key) {
        return nextIndex(key);
    }

    @Override
    long progLookup(byte[] key, int cpu) {
        int i = arrayIndex(key);
        if (i < 0) {
            return 0;
        }
        return AddressSpace.pointer(region(i, cpu), 0);
    }

    /** The region of element {@code i} on {@code cpu}; global data reads go here too. */
    Region region(int i, int cpu) {
        int slot = perCpu() ? i * cpus + cpu : i;
        Region r = regions[slot];
        if (r == null) {
            r = kernel.space().add(Region.memory("map " + attr.name() + "[" + i + "]", data,
                    offset(i, cpu), attr.valueSize(), progWritable()));
            regions[slot] = r;
        }
        return r;
    }

    @Override
    long progUpdate(byte[] key, byte[] value, long flags, int cpu) {
        int i = arrayIndex(key);
        if (checkProgFlags(flags) != 0) {
            return -Errno.EINVAL.number();
        }
        if (i < 0) {
            return -Errno.E2BIG.number();
        }
        if (flags == UpdateMode.NOEXIST.flag()) {
            return -Errno.EEXIST.number();
        }
        System.arraycopy(value, 0, data, offset(i, cpu), attr.valueSize());
        return 0;
    }

    @Override
    long progDelete(byte[] key) {
        return -Errno.EINVAL.number();
    }

    /** Frozen maps stay readable; BPF_F_RDONLY_PROG made the regions read-only from the start. */
    @Override
    void freed(SimKernel k) {
        removeRegions(k, regions);
        super.freed(k);
    }
}
