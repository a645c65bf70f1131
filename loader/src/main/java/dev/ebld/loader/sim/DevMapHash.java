package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code BPF_MAP_TYPE_DEVMAP_HASH}, as kernel/bpf/devmap.c: any u32 key names a device (values
 * as {@link DeviceMap}); at most {@code max_entries} entries.
 *
 * <p>The entries sit in {@code roundup_pow_of_two(max_entries)} buckets chosen by
 * {@code key & (buckets - 1)}, a written entry at the head of its bucket (a replaced one too:
 * __dev_map_hash_update_elem unlinks the old node and adds the new one at the head), because that
 * order is what BPF_MAP_GET_NEXT_KEY walks (dev_map_hash_get_next_key): the rest of the key's
 * bucket, then the following buckets; a key not in the map restarts at the first.
 *
 * <p>An update's errors come in __dev_map_hash_update_elem's order: ifindex 0 is EINVAL, then
 * EEXIST for BPF_NOEXIST, then the device (EINVAL), then E2BIG for a new key in a full map.
 * BPF_EXIST on a missing key adds it, as the kernel does.
 */
final class DevMapHash extends DeviceMap {
    /** One entry: its key, device, the value programs read, and that value's region once made. */
    private static final class Entry {
        final int key;
        final SimDevice dev;
        final byte[] value;
        Region region;

        Entry(int key, SimDevice dev, byte[] value) {
            this.key = key;
            this.dev = dev;
            this.value = value;
        }
    }

    private final long bucketMask;
    /** Non-empty buckets by number; each lists its entries from the head. */
    private final TreeMap<Long, List<Entry>> buckets = new TreeMap<>();
    private int items;

    DevMapHash(SimKernel kernel, int id, MapCreateAttr attr) {
        super(kernel, id, attr);
        // max_entries is a u32 with no limit but memory: past 2^31 the bucket count is 2^32.
        long max = Integer.toUnsignedLong(attr.maxEntries());
        long n = max == 1 ? 1 : Long.highestOneBit(max - 1) << 1;
        this.bucketMask = n - 1;
    }

    private long bucketOf(int key) {
        return Integer.toUnsignedLong(key) & bucketMask;
    }

    private static int keyOf(byte[] key) {
        return (int) AddressSpace.getLe(key, 0, 4);
    }

    private Optional<Entry> find(int key) {
        List<Entry> b = buckets.get(bucketOf(key));
        return b == null ? Optional.empty() : b.stream().filter(e -> e.key == key).findFirst();
    }

    @Override
    Optional<SimDevice> device(long key) {
        return find((int) key).map(e -> e.dev);
    }

    @Override
    Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        return find(keyOf(key)).map(e -> e.value.clone());
    }

    @Override
    void update(byte[] key, byte[] value, UpdateMode mode, SimProcess caller) {
        checkKey(key);
        checkUserWrite(value);
        int k = keyOf(key);
        int ifindex = ifindexOf(value);
        if (ifindex == 0) {
            throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": a devmap_hash"
                    + " entry needs an ifindex (0 names no device)");
        }
        Optional<Entry> old = find(k);
        if (old.isPresent() && mode == UpdateMode.NOEXIST) {
            throw new KernelException(Errno.EEXIST, "map " + attr.name() + ": key "
                    + Integer.toUnsignedString(k) + " exists (BPF_NOEXIST)");
        }
        SimDevice dev = allocNode(ifindex, progFdOf(value), caller);
        if (old.isEmpty() && Integer.compareUnsigned(items, attr.maxEntries()) >= 0) {
            throw new KernelException(Errno.E2BIG, "map " + attr.name() + ": all "
                    + Integer.toUnsignedString(attr.maxEntries()) + " entries are taken");
        }
        byte[] v = new byte[attr.valueSize()];
        putValue(v, 0, dev);
        Entry e = new Entry(k, dev, v);
        List<Entry> b = buckets.computeIfAbsent(bucketOf(k), n -> new ArrayList<>());
        if (old.isPresent()) {
            b.remove(old.get());
            drop(old.get());
        } else {
            items++;
        }
        b.add(0, e);
    }

    /** dev_map_hash_delete_elem: ENOENT for a key not in the map. */
    @Override
    void delete(byte[] key) {
        checkKey(key);
        int k = keyOf(key);
        Entry e = find(k).orElseThrow(() -> new KernelException(Errno.ENOENT, "map "
                + attr.name() + ": no key " + Integer.toUnsignedString(k)));
        List<Entry> b = buckets.get(bucketOf(k));
        b.remove(e);
        if (b.isEmpty()) {
            buckets.remove(bucketOf(k));
        }
        items--;
        drop(e);
    }

    /** A removed entry's value region dies with it: a program's stale pointer faults. */
    private void drop(Entry e) {
        if (e.region != null) {
            kernel.space().remove(e.region);
        }
    }

    @Override
    Optional<byte[]> nextKey(Optional<byte[]> key) {
        key.ifPresent(this::checkKey);
        Optional<Entry> cur = key.flatMap(k -> find(keyOf(k)));
        long from = 0;
        if (cur.isPresent()) {
            List<Entry> b = buckets.get(bucketOf(cur.get().key));
            int at = b.indexOf(cur.get());
            if (at + 1 < b.size()) {
                return Optional.of(keyBytes(b.get(at + 1).key));
            }
            from = bucketOf(cur.get().key) + 1;
        }
        Map.Entry<Long, List<Entry>> next = buckets.ceilingEntry(from);
        return next == null ? Optional.empty() : Optional.of(keyBytes(next.getValue().get(0).key));
    }

    private static byte[] keyBytes(int key) {
        byte[] out = new byte[4];
        AddressSpace.putLe(out, 0, 4, key);
        return out;
    }

    /** The entry's value, read-only; NULL for a key not in the map. */
    @Override
    long progLookup(byte[] key, int cpu) {
        Optional<Entry> e = find(keyOf(key));
        if (e.isEmpty()) {
            return 0;
        }
        if (e.get().region == null) {
            e.get().region = valueRegion(Integer.toUnsignedString(e.get().key), e.get().value, 0);
        }
        return AddressSpace.pointer(e.get().region, 0);
    }

    @Override
    void freed(SimKernel k) {
        buckets.values().forEach(b -> b.forEach(this::drop));
        super.freed(k);
    }
}
