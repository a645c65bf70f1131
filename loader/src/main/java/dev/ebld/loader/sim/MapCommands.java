package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapInfo;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.List;
import java.util.Optional;

/**
 * bpf(2)'s map commands as one process issues them (kernel/bpf/syscall.c's map_create,
 * map_lookup_elem, map_update_elem, map_delete_elem, map_get_next_key, map_freeze and the map
 * half of BPF_OBJ_GET_INFO_BY_FD): what the syscall layer checks before a map type's own ops run
 * (the creator's capabilities, BPF_F_RDONLY / BPF_F_WRONLY, frozen maps), then the call
 * into {@link MapRules} or the {@link SimMap}. {@link SimProcess} calls these under the
 * machine's lock.
 */
final class MapCommands {
    private MapCommands() {
    }

    static MapFd create(SimProcess proc, MapCreateAttr attr) {
        MapBtf.checkIds(attr);
        Optional<Capability> needed = capabilityToCreate(attr.type());
        if (needed.isPresent() && !proc.capable(needed.get())) {
            throw new KernelException(Errno.EPERM, "map " + attr.name() + ": type " + attr.type() + " needs "
                    + needed.get());
        }
        SimKernel k = proc.kernel();
        Optional<SimMap> inner = attr.innerMap().map(proc::map);
        MapRules.Builder builder = MapRules.check(attr, inner);
        Optional<SimBtf> btf = MapBtf.attach(proc, attr);
        SimMap m = builder.build(k, k.nextId(Fd.Kind.MAP));
        inner.ifPresent(SimMap::hold);
        m.btf = btf;
        m.btf.ifPresent(SimBtf::hold);
        return (MapFd) proc.install(k.register(m));
    }

    /**
     * map_create's privilege switch (kernel/bpf/syscall.c): some types need nothing, the
     * networking ones CAP_NET_ADMIN, the rest CAP_BPF.
     */
    private static Optional<Capability> capabilityToCreate(MapType t) {
        return switch (t) {
            case ARRAY, PERCPU_ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY, ARRAY_OF_MAPS, HASH, PERCPU_HASH,
                    HASH_OF_MAPS, RINGBUF -> Optional.empty();
            case SOCKMAP, SOCKHASH, DEVMAP, DEVMAP_HASH, XSKMAP -> Optional.of(Capability.CAP_NET_ADMIN);
            case UNSPEC, STACK_TRACE, CGROUP_ARRAY, LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE, CPUMAP,
                    CGROUP_STORAGE, REUSEPORT_SOCKARRAY, PERCPU_CGROUP_STORAGE, QUEUE, STACK,
                    SK_STORAGE, STRUCT_OPS, INODE_STORAGE, TASK_STORAGE, BLOOM_FILTER, USER_RINGBUF,
                    CGRP_STORAGE, ARENA -> Optional.of(Capability.CAP_BPF);
        };
    }

    static Optional<byte[]> lookup(SimMap m, byte[] key) {
        if ((m.attr.flags() & MapRules.F_WRONLY) != 0) {
            throw new KernelException(Errno.EPERM, "map " + m.attr.name()
                    + " is write-only from user space (BPF_F_WRONLY)");
        }
        return m.lookup(key);
    }

    static void update(SimProcess proc, SimMap m, byte[] key, byte[] value, UpdateMode mode) {
        checkUserWritable(m);
        m.update(key, value, mode, proc);
    }

    static void delete(SimMap m, byte[] key) {
        checkUserWritable(m);
        m.delete(key);
    }

    /**
     * map_get_sys_perms: user space may write through the fd unless the map is BPF_F_RDONLY or
     * frozen. The syscall layer checks this before any key or value is read (EPERM).
     */
    private static void checkUserWritable(SimMap m) {
        if ((m.attr.flags() & MapRules.F_RDONLY) != 0) {
            throw new KernelException(Errno.EPERM, "map " + m.attr.name()
                    + " is read-only from user space (BPF_F_RDONLY)");
        }
        if (m.frozen) {
            throw new KernelException(Errno.EPERM, "map " + m.attr.name()
                    + " is frozen: no writes from user space");
        }
    }

    /**
     * map_freeze: the fd must allow writing, so freezing a frozen or BPF_F_RDONLY map is EPERM
     * (measured on 6.18: the kernel's "already frozen" EBUSY comes after that check and is not
     * reached). Any map type freezes; the kernel refuses only struct_ops maps and values with
     * special fields (ENOTSUPP), neither of which the simulator creates.
     */
    static void freeze(SimMap m) {
        checkUserWritable(m);
        m.frozen = true;
    }

    /** The records a ring buffer or perf event array received, oldest first, taken. */
    static List<byte[]> drainRecords(SimMap m) {
        if (!(m instanceof RecordMap)) {
            throw new KernelException(Errno.EINVAL, "map " + m.attr.name() + " of type "
                    + m.type() + " has no records");
        }
        return ((RecordMap) m).drain();
    }

    static MapInfo info(SimMap m) {
        MapCreateAttr a = m.attr;
        return new MapInfo(m.id(), a.type(), a.name(), a.keySize(), a.valueSize(),
                a.maxEntries(), a.flags(), m.btf.map(KernelObject::id), a.keyType(),
                a.valueType(), m.frozen);
    }
}
