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
 * {@code BPF_MAP_TYPE_DEVMAP}, as kernel/bpf/devmap.c: {@code max_entries} slots indexed by a u32
 * key, each empty or naming a network device (values as {@link DeviceMap}).
 *
 * <p>Writing ifindex 0 empties a slot; a device that does not exist is {@code EINVAL}, as
 * {@code __dev_map_alloc_node}. Deleting an empty slot succeeds; only a key past the end is
 * {@code EINVAL}.
 */
final class DevMap extends DeviceMap {
    private final SimDevice[] devices;
    /** The slots' values as programs read them (ifindex, program id 0), for lookup regions. */
    private final byte[] values;
    private final Region[] regions;

    DevMap(SimKernel kernel, int id, MapCreateAttr attr) {
        super(kernel, id, attr);
        this.devices = new SimDevice[attr.maxEntries()];
        this.values = new byte[Math.multiplyExact(attr.maxEntries(), attr.valueSize())];
        this.regions = new Region[attr.maxEntries()];
    }

    @Override
    Optional<SimDevice> device(long key) {
        int i = arrayIndex(key);
        return i < 0 ? Optional.empty() : Optional.ofNullable(devices[i]);
    }

    @Override
    Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        int i = arrayIndex(key);
        if (i < 0 || devices[i] == null) {
            return Optional.empty();
        }
        int size = attr.valueSize();
        return Optional.of(Arrays.copyOfRange(values, i * size, (i + 1) * size));
    }

    /** dev_map_update_elem: the checks in the kernel's order, then the slot changes. */
    @Override
    void update(byte[] key, byte[] value, UpdateMode mode, SimProcess caller) {
        int i = slotForUpdate(key, value, mode, "devmap slots");
        int ifindex = ifindexOf(value);
        int progFd = progFdOf(value);
        if (ifindex == 0) {
            if (progFd > 0) {
                throw new KernelException(Errno.EINVAL, "map " + attr.name()
                        + ": a program fd needs an ifindex");
            }
            set(i, null);
            return;
        }
        set(i, allocNode(ifindex, progFd, caller));
    }

    private void set(int i, SimDevice dev) {
        devices[i] = dev;
        int size = attr.valueSize();
        if (dev == null) {
            Arrays.fill(values, i * size, (i + 1) * size, (byte) 0);
        } else {
            putValue(values, i * size, dev);
        }
    }

    /** dev_map_delete_elem: empties the slot; EINVAL only past the end. */
    @Override
    void delete(byte[] key) {
        set(indexForDelete(key), null);
    }

    /** dev_map_get_next_key: every index in order, whether its slot is empty or not. */
    @Override
    Optional<byte[]> nextKey(Optional<byte[]> key) {
        return nextIndex(key);
    }

    /** The slot's value, read-only; NULL for an empty slot or a key past the end. */
    @Override
    long progLookup(byte[] key, int cpu) {
        int i = arrayIndex(key);
        if (i < 0 || devices[i] == null) {
            return 0;
        }
        if (regions[i] == null) {
            regions[i] = valueRegion(Integer.toString(i), values, i * attr.valueSize());
        }
        return AddressSpace.pointer(regions[i], 0);
    }

    @Override
    void freed(SimKernel k) {
        removeRegions(k, regions);
        super.freed(k);
    }
}
