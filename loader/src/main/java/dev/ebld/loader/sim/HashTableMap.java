package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code BPF_MAP_TYPE_HASH}, {@code PERCPU_HASH} and {@code LRU_HASH}: at most
 * {@code max_entries} keys. A new key in a full table is {@code E2BIG}, except in the LRU map,
 * which evicts its least recently used entry instead (hashtab.c). Each entry's value is its own
 * region; deleting or evicting the entry kills it, so a program's stale pointer faults.
 */
final class HashTableMap extends SimMap {
    private static final class Entry {
        final byte[] value;
        final Region[] regions;

        Entry(int size, int copies) {
            value = new byte[size];
            regions = new Region[copies];
        }
    }

    private final LinkedHashMap<Key, Entry> table;
    private final int stride;

    HashTableMap(SimKernel kernel, int id, MapCreateAttr attr) {
        super(kernel, id, attr);
        this.stride = roundUp8(attr.valueSize());
        // Access order gives the LRU map its eviction order; plain hashes keep insertion order.
        this.table = new LinkedHashMap<>(16, 0.75f, attr.type() == MapType.LRU_HASH);
    }

    private int copies() {
        return perCpu() ? cpus : 1;
    }

    @Override
    Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        Entry e = table.get(new Key(key));
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(perCpu() ? e.value.clone() : Arrays.copyOf(e.value, attr.valueSize()));
    }

    @Override
    void update(byte[] key, byte[] value, UpdateMode mode, SimProcess caller) {
        checkKey(key);
        checkUserWrite(value);
        long r = put(key, mode.flag(), e -> System.arraycopy(value, 0, e.value, 0, value.length));
        if (r != 0) {
            throw refused(r, key);
        }
    }

    /** A refusal of {@link #put}, which gives only EEXIST, ENOENT or E2BIG, as user space sees it. */
    private KernelException refused(long r, byte[] key) {
        if (r == -Errno.EEXIST.number()) {
            return new KernelException(Errno.EEXIST, "map " + attr.name() + ": key " + new Key(key)
                    + " exists (BPF_NOEXIST)");
        }
        if (r == -Errno.ENOENT.number()) {
            return new KernelException(Errno.ENOENT, "map " + attr.name() + ": key " + new Key(key)
                    + " does not exist (BPF_EXIST)");
        }
        return new KernelException(Errno.E2BIG, "map " + attr.name() + ": map is full ("
                + attr.maxEntries() + " entries)");
    }

    /** Inserts or replaces under the BPF_ANY/NOEXIST/EXIST rule; 0 or a negative errno. */
    private long put(byte[] key, long flags, java.util.function.Consumer<Entry> write) {
        Key k = new Key(key);
        Entry e = table.get(k);
        if (e != null && flags == UpdateMode.NOEXIST.flag()) {
            return -Errno.EEXIST.number();
        }
        if (e == null && flags == UpdateMode.EXIST.flag()) {
            return -Errno.ENOENT.number();
        }
        if (e == null) {
            if (table.size() >= attr.maxEntries()) {
                if (type() != MapType.LRU_HASH) {
                    return -Errno.E2BIG.number();
                }
                Iterator<Map.Entry<Key, Entry>> it = table.entrySet().iterator();
                free(it.next().getValue());
                it.remove();
            }
            e = new Entry(copies() * stride, copies());
            table.put(k, e);
        }
        write.accept(e);
        return 0;
    }

    private void free(Entry e) {
        for (Region r : e.regions) {
            if (r != null) {
                kernel.space().remove(r);
            }
        }
    }

    @Override
    void delete(byte[] key) {
        checkKey(key);
        Entry e = table.remove(new Key(key));
        if (e == null) {
            throw new KernelException(Errno.ENOENT, "map " + attr.name() + ": no key " + new Key(key));
        }
        free(e);
    }

    /** The key after {@code key} in table order; an absent key restarts at the first, as hashtab.c. */
    @Override
    Optional<byte[]> nextKey(Optional<byte[]> key) {
        key.ifPresent(this::checkKey);
        return Key.after(table.keySet(), key);
    }

    @Override
    long progLookup(byte[] key, int cpu) {
        Entry e = table.get(new Key(key));
        if (e == null) {
            return 0;
        }
        int slot = perCpu() ? cpu : 0;
        Region r = e.regions[slot];
        if (r == null) {
            r = kernel.space().add(Region.memory("map " + attr.name() + " value of " + new Key(key),
                    e.value, slot * stride, attr.valueSize(), progWritable()));
            e.regions[slot] = r;
        }
        return AddressSpace.pointer(r, 0);
    }

    @Override
    long progUpdate(byte[] key, byte[] value, long flags, int cpu) {
        if (checkProgFlags(flags) != 0) {
            return -Errno.EINVAL.number();
        }
        int at = perCpu() ? cpu * stride : 0;
        return put(key, flags, e -> System.arraycopy(value, 0, e.value, at, attr.valueSize()));
    }

    @Override
    long progDelete(byte[] key) {
        Entry e = table.remove(new Key(key));
        if (e == null) {
            return -Errno.ENOENT.number();
        }
        free(e);
        return 0;
    }

    @Override
    void freed(SimKernel k) {
        table.values().forEach(this::free);
        table.clear();
        super.freed(k);
    }
}
