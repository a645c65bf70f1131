package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code BPF_MAP_TYPE_DEVMAP}, as kernel/bpf/devmap.c: {@code max_entries} slots indexed by a u32
 * key, each empty or naming a network device, for {@code bpf_redirect_map}. A value is
 * {@code struct bpf_devmap_val}: the ifindex (value_size 4), or the ifindex and a program fd
 * written / program id read back (value_size 8).
 *
 * <p>Writing ifindex 0 empties a slot; a device that does not exist is {@code EINVAL}, as
 * {@code __dev_map_alloc_node}. Deleting an empty slot succeeds; only a key past the end is
 * {@code EINVAL}. Programs may look a slot up (a read-only view of its value: creation adds
 * {@code BPF_F_RDONLY_PROG}, as dev_map_init_map) but not write it.
 *
 * <p>Not modelled: programs in slots (a valid XDP_DEVMAP program fd with a device is
 * {@code EOPNOTSUPP} here, where the kernel would run that program before sending),
 * and devices going away (the simulated kernel cannot remove one).
 */
final class DevMap extends SimMap {
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

    /** The slot {@code key} (a u32, as __dev_map_lookup_elem truncates it) names, or -1. */
    private int index(long key) {
        long i = key & 0xffff_ffffL;
        return i < attr.maxEntries() ? (int) i : -1;
    }

    private int index(byte[] key) {
        return index(AddressSpace.getLe(key, 0, 4));
    }

    /** The device in slot {@code key}, if any: the target {@code bpf_redirect_map} looks up. */
    Optional<SimDevice> device(long key) {
        int i = index(key);
        return i < 0 ? Optional.empty() : Optional.ofNullable(devices[i]);
    }

    @Override
    Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        int i = index(key);
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
        int ifindex = (int) AddressSpace.getLe(value, 0, 4);
        int progFd = attr.valueSize() == 8 ? (int) AddressSpace.getLe(value, 4, 4) : 0;
        if (ifindex == 0) {
            if (progFd > 0) {
                throw new KernelException(Errno.EINVAL, "map " + attr.name()
                        + ": a program fd needs an ifindex");
            }
            set(i, null);
            return;
        }
        SimDevice dev = kernel.findDevice(ifindex).orElseThrow(() -> new KernelException(
                Errno.EINVAL, "map " + attr.name() + ": no device with ifindex " + ifindex));
        if (progFd > 0) {
            checkDevmapProgram(caller, progFd);
            throw new KernelException(Errno.EOPNOTSUPP, "map " + attr.name() + ": programs in"
                    + " devmap slots (prog fd " + progFd + ") are not modelled by the simulated kernel");
        }
        set(i, dev);
    }

    /**
     * What __dev_map_alloc_node asks of a slot's program: an XDP program loaded for
     * BPF_XDP_DEVMAP; a bad fd or any other program is EINVAL.
     */
    private void checkDevmapProgram(SimProcess caller, int fd) {
        KernelObject o;
        try {
            o = caller.object(fd);
        } catch (KernelException e) {
            o = null;
        }
        if (!(o instanceof SimProg) || ((SimProg) o).type != ProgType.XDP
                || ((SimProg) o).expectedAttachType.filter(t -> t == AttachType.XDP_DEVMAP).isEmpty()) {
            throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": fd " + fd
                    + " is not an XDP program loaded for BPF_XDP_DEVMAP");
        }
    }

    private void set(int i, SimDevice dev) {
        devices[i] = dev;
        int size = attr.valueSize();
        Arrays.fill(values, i * size, (i + 1) * size, (byte) 0);
        if (dev != null) {
            AddressSpace.putLe(values, i * size, 4, dev.ifindex.value());
        }
    }

    /** dev_map_delete_elem: empties the slot; EINVAL only past the end. */
    @Override
    void delete(byte[] key) {
        checkKey(key);
        checkUserDelete();
        int i = index(key);
        if (i < 0) {
            throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": index "
                    + AddressSpace.getLe(key, 0, 4) + " >= max_entries " + attr.maxEntries());
        }
        set(i, null);
    }

    /** dev_map_get_next_key: every index in order, whether its slot is empty or not. */
    @Override
    Optional<byte[]> nextKey(Optional<byte[]> key) {
        return nextIndex(key);
    }

    /** The slot's value, read-only; NULL for an empty slot or a key past the end. */
    @Override
    long progLookup(byte[] key, int cpu) {
        int i = index(key);
        if (i < 0 || devices[i] == null) {
            return 0;
        }
        if (regions[i] == null) {
            regions[i] = kernel.space().add(Region.memory("map " + attr.name() + "[" + i + "]",
                    values, i * attr.valueSize(), attr.valueSize(), false));
        }
        return AddressSpace.pointer(regions[i], 0);
    }

    /** Unreachable through the helpers (the map is BPF_F_RDONLY_PROG); refused as they refuse it. */
    @Override
    long progUpdate(byte[] key, byte[] value, long flags, int cpu) {
        return -Errno.EPERM.number();
    }

    @Override
    long progDelete(byte[] key) {
        return -Errno.EPERM.number();
    }

    @Override
    void freed(SimKernel k) {
        removeRegions(k, regions);
        super.freed(k);
    }
}
