package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Maps programs stream records into for user space to consume: {@code RINGBUF} (records
 * reserved, then submitted or discarded, each taking its length plus an 8-byte header rounded up
 * to 8 of the {@code max_entries}-byte buffer until consumed, as ringbuf.c) and
 * {@code PERF_EVENT_ARRAY} (samples from {@code bpf_perf_event_output}, kept in order). Neither
 * has keys: user-space element commands are {@code ENOTSUPP} on a ring buffer, as in the kernel.
 */
final class RecordMap extends SimMap {
    private static final int HEADER = 8;

    private final ArrayDeque<byte[]> committed = new ArrayDeque<>();
    private final IdentityHashMap<Region, Integer> reserved = new IdentityHashMap<>();
    private long used;

    RecordMap(SimKernel kernel, int id, MapCreateAttr attr) {
        super(kernel, id, attr);
    }

    private long cost(long len) {
        return (len + HEADER + 7) & ~7L;
    }

    /** bpf_ringbuf_reserve: a writable record region, or 0 when the buffer has no room. */
    long reserve(long size) {
        if (size <= 0 || cost(size) > attr.maxEntries() - used) {
            return 0;
        }
        Region r = kernel.space().add(Region.memory("ringbuf " + attr.name() + " record",
                new byte[(int) size], 0, (int) size, true));
        reserved.put(r, (int) size);
        kernel.openRecords.put(r, this);
        used += cost(size);
        return AddressSpace.pointer(r, 0);
    }

    /** bpf_ringbuf_submit / discard of the record {@code r}; false when it is no open record. */
    boolean finish(Region r, boolean submit) {
        Integer size = reserved.remove(r);
        if (size == null) {
            return false;
        }
        kernel.space().remove(r);
        kernel.openRecords.remove(r);
        if (submit) {
            committed.add(r.data().clone());
        } else {
            used -= cost(size);
        }
        return true;
    }

    /** bpf_ringbuf_output / bpf_perf_event_output: a copy of {@code data}; 0 or -errno. */
    long output(byte[] data) {
        if (type() == MapType.RINGBUF) {
            if (cost(data.length) > attr.maxEntries() - used) {
                return -Errno.EAGAIN.number();
            }
            used += cost(data.length);
        }
        committed.add(data);
        return 0;
    }

    /** Takes every record submitted so far, oldest first, freeing their room. */
    List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>(committed);
        for (byte[] b : committed) {
            if (type() == MapType.RINGBUF) {
                used -= cost(b.length);
            }
        }
        committed.clear();
        return out;
    }

    @Override
    Optional<byte[]> lookup(byte[] key) {
        throw notSupported("lookup");
    }

    @Override
    void update(byte[] key, byte[] value, UpdateMode mode, SimProcess caller) {
        throw notSupported("update");
    }

    @Override
    void delete(byte[] key) {
        throw notSupported("delete");
    }

    @Override
    Optional<byte[]> nextKey(Optional<byte[]> key) {
        throw notSupported("get_next_key");
    }

    @Override
    long progLookup(byte[] key, int cpu) {
        return 0;
    }

    @Override
    long progUpdate(byte[] key, byte[] value, long flags, int cpu) {
        return -Errno.ENOTSUPP.number();
    }

    @Override
    long progDelete(byte[] key) {
        return -Errno.ENOTSUPP.number();
    }

    @Override
    void freed(SimKernel k) {
        reserved.keySet().forEach(k.space()::remove);
        reserved.keySet().forEach(k.openRecords::remove);
        reserved.clear();
        super.freed(k);
    }
}
