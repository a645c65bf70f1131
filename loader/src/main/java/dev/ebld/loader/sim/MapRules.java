package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapType;
import java.util.Optional;

/**
 * {@code BPF_MAP_CREATE}'s checks, per map type, as the kernel's {@code map_alloc_check}
 * callbacks make them (arraymap.c, hashtab.c, ringbuf.c, map_in_map.c, devmap.c, cpumap.c,
 * xskmap.c): sizes, flags, and the types the simulated kernel implements at all. Then builds
 * the map; its key and value BTF are checked after that ({@link MapBtf}), as map_create does.
 */
final class MapRules {
    static final int F_NUMA_NODE = 1 << 2;
    static final int F_RDONLY = 1 << 3;
    static final int F_WRONLY = 1 << 4;
    static final int F_ZERO_SEED = 1 << 6;
    static final int F_NO_COMMON_LRU = 1 << 1;
    static final int F_PRESERVE_ELEMS = 1 << 11;
    static final int F_INNER_MAP = 1 << 12;
    private static final int ACCESS = F_RDONLY | F_WRONLY | MapCreateAttr.F_RDONLY_PROG
            | MapCreateAttr.F_WRONLY_PROG;
    private static final int PAGE = 4096;
    /** KMALLOC_MAX_SIZE-like bound on one value; bigger is E2BIG. */
    private static final int MAX_VALUE = 1 << 22;
    /** PCPU_MIN_UNIT_SIZE: the largest per-CPU value. */
    private static final int MAX_PERCPU_VALUE = 32768;
    /**
     * The kernel's CONFIG_NR_CPUS, which bounds a cpumap's max_entries: 256 as in the kernel the
     * oracle tests run on (Linux 6.18, Debian's build).
     */
    static final int NR_CPUS = 256;
    /** The most devmap slots the simulated kernel allocates (a few MiB of heap); more is ENOMEM. */
    static final long MAX_DEVMAP_SLOTS = 1 << 20;
    /** MAX_BPF_STACK: a hash key must fit on the stack. */
    private static final int MAX_KEY = 512;

    private MapRules() {
    }

    /** Builds a map whose attributes passed {@link #check}. */
    interface Builder {
        SimMap build(SimKernel k, int id);
    }

    /** The type's creation checks; what builds the map once the rest of map_create passed. */
    static Builder check(MapCreateAttr a, Optional<SimMap> inner) {
        checkName(a.name());
        return switch (a.type()) {
            case ARRAY, PERCPU_ARRAY -> {
                checkArray(a);
                yield (k, id) -> new ArrayMap(k, id, a);
            }
            case HASH, PERCPU_HASH, LRU_HASH -> {
                checkHash(a);
                yield (k, id) -> new HashTableMap(k, id, a);
            }
            case PROG_ARRAY, ARRAY_OF_MAPS, HASH_OF_MAPS -> {
                checkObjects(a, inner);
                yield (k, id) -> new ObjectMap(k, id, a, inner);
            }
            case RINGBUF -> {
                checkRingbuf(a);
                yield (k, id) -> new RecordMap(k, id, a);
            }
            case PERF_EVENT_ARRAY -> {
                require(a, a.keySize() == 4 && a.valueSize() == 4, "key_size and value_size must be 4");
                flags(a, F_NUMA_NODE | ACCESS);
                yield (k, id) -> new RecordMap(k, id, a);
            }
            case DEVMAP -> {
                checkDevmap(a);
                checkDevmapSlots(a);
                yield (k, id) -> new DevMap(k, id, readOnlyForPrograms(a));
            }
            case DEVMAP_HASH -> {
                checkDevmap(a);
                yield (k, id) -> new DevMapHash(k, id, readOnlyForPrograms(a));
            }
            case CPUMAP -> {
                checkCpumap(a);
                yield (k, id) -> new CpuMap(k, id, a);
            }
            case XSKMAP -> {
                checkXskmap(a);
                yield (k, id) -> new XskMap(k, id, a);
            }
            case UNSPEC, STACK_TRACE, CGROUP_ARRAY, LRU_PERCPU_HASH, LPM_TRIE, SOCKMAP, SOCKHASH,
                    CGROUP_STORAGE, REUSEPORT_SOCKARRAY, PERCPU_CGROUP_STORAGE, QUEUE, STACK,
                    SK_STORAGE, STRUCT_OPS, INODE_STORAGE, TASK_STORAGE, BLOOM_FILTER, USER_RINGBUF,
                    CGRP_STORAGE, ARENA -> throw unsupported(a);
        };
    }

    /**
     * The kernel's limit on devmap slots is memory (8 bytes a slot, allocated at create); the
     * simulator allocates its slots at create too, so it stops well before the heap does (ENOMEM).
     */
    private static void checkDevmapSlots(MapCreateAttr a) {
        if (Integer.toUnsignedLong(a.maxEntries()) > MAX_DEVMAP_SLOTS) {
            throw new KernelException(Errno.ENOMEM, "map " + a.name() + ": max_entries "
                    + Integer.toUnsignedString(a.maxEntries()) + " is more devmap slots"
                    + " than the simulated kernel holds");
        }
    }

    private static KernelException unsupported(MapCreateAttr a) {
        return new KernelException(Errno.EINVAL, "map " + a.name() + ": map type " + a.type() + " ("
                + a.type().number() + ") is not supported by the simulated kernel");
    }

    /** Object names: at most 15 characters of [A-Za-z0-9_.], as bpf_obj_name_cpy. */
    static void checkName(String name) {
        if (name.length() > 15 || !name.chars().allMatch(c -> Character.isLetterOrDigit(c)
                && c < 128 || c == '_' || c == '.')) {
            throw new KernelException(Errno.EINVAL, "object name '" + name
                    + "': at most 15 of [A-Za-z0-9_.]");
        }
    }

    private static void checkArray(MapCreateAttr a) {
        require(a, a.keySize() == 4, "array key_size must be 4, not " + a.keySize());
        require(a, a.valueSize() > 0 && a.maxEntries() > 0, "value_size and max_entries must be"
                + " positive");
        flags(a, F_NUMA_NODE | ACCESS | MapCreateAttr.F_MMAPABLE | F_PRESERVE_ELEMS | F_INNER_MAP);
        int limit = a.type() == MapType.PERCPU_ARRAY ? MAX_PERCPU_VALUE : MAX_VALUE;
        if (a.valueSize() > limit || (long) a.maxEntries() * SimMap.roundUp8(a.valueSize()) > 1L << 30) {
            throw new KernelException(Errno.E2BIG, "map " + a.name() + ": value_size "
                    + a.valueSize() + " x max_entries " + a.maxEntries() + " is too large");
        }
    }

    private static void checkHash(MapCreateAttr a) {
        require(a, a.keySize() > 0 && a.valueSize() > 0 && a.maxEntries() > 0,
                "key_size, value_size and max_entries must be positive");
        int allowed = F_NUMA_NODE | ACCESS | MapCreateAttr.F_NO_PREALLOC | F_ZERO_SEED;
        if (a.type() == MapType.LRU_HASH) {
            allowed = allowed & ~MapCreateAttr.F_NO_PREALLOC | F_NO_COMMON_LRU;
            if ((a.flags() & MapCreateAttr.F_NO_PREALLOC) != 0) {
                throw new KernelException(Errno.ENOTSUPP, "map " + a.name()
                        + ": an LRU hash is always preallocated (BPF_F_NO_PREALLOC)");
            }
        }
        flags(a, allowed);
        int limit = a.type() == MapType.PERCPU_HASH ? MAX_PERCPU_VALUE : MAX_VALUE;
        if (a.keySize() > MAX_KEY || a.valueSize() > limit) {
            throw new KernelException(Errno.E2BIG, "map " + a.name() + ": key_size "
                    + a.keySize() + " or value_size " + a.valueSize() + " too large");
        }
    }

    private static void checkObjects(MapCreateAttr a, Optional<SimMap> inner) {
        boolean hash = a.type() == MapType.HASH_OF_MAPS;
        require(a, hash ? a.keySize() > 0 : a.keySize() == 4, "bad key_size " + a.keySize());
        require(a, a.valueSize() == 4 && a.maxEntries() > 0, "value_size must be 4 (an fd)"
                + " and max_entries positive");
        flags(a, F_NUMA_NODE | ACCESS | (hash ? MapCreateAttr.F_NO_PREALLOC : 0));
        if (a.type() != MapType.PROG_ARRAY && inner.isEmpty()) {
            throw new KernelException(Errno.EBADF, "map " + a.name()
                    + ": a map-in-map needs inner_map_fd");
        }
        inner.ifPresent(t -> require(a, !ObjectMap.holdsObjects(t.type()),
                "inner map of type " + t.type() + " cannot be nested"));
    }

    /**
     * dev_map_alloc_check: a u32 key, a value of 4 bytes (ifindex) or 8 (ifindex and program
     * fd), entries, and only the NUMA and user-space access flags; anything else is EINVAL.
     */
    private static void checkDevmap(MapCreateAttr a) {
        require(a, a.keySize() == 4, "devmap key_size must be 4, not " + a.keySize());
        require(a, a.valueSize() == 4 || a.valueSize() == 8, "devmap value_size must be 4"
                + " (ifindex) or 8 (ifindex and program fd), not " + a.valueSize());
        entriesAndFlags(a, F_NUMA_NODE | F_RDONLY | F_WRONLY);
    }

    /**
     * cpu_map_alloc: a u32 key, a value of 4 bytes (qsize) or 8 (qsize and program fd), entries,
     * only BPF_F_NUMA_NODE (EINVAL otherwise); more entries than the kernel's NR_CPUS is E2BIG.
     */
    private static void checkCpumap(MapCreateAttr a) {
        require(a, a.keySize() == 4, "cpumap key_size must be 4, not " + a.keySize());
        require(a, a.valueSize() == 4 || a.valueSize() == 8, "cpumap value_size must be 4"
                + " (qsize) or 8 (qsize and program fd), not " + a.valueSize());
        entriesAndFlags(a, F_NUMA_NODE);
        if (Integer.toUnsignedLong(a.maxEntries()) > NR_CPUS) {
            throw new KernelException(Errno.E2BIG, "map " + a.name() + ": max_entries "
                    + Integer.toUnsignedString(a.maxEntries()) + " exceeds NR_CPUS " + NR_CPUS);
        }
    }

    /** xsk_map_alloc: key and value (a socket fd) of 4 bytes, entries, NUMA and access flags. */
    private static void checkXskmap(MapCreateAttr a) {
        require(a, a.keySize() == 4 && a.valueSize() == 4, "xskmap key_size and value_size must"
                + " be 4, not " + a.keySize() + " and " + a.valueSize());
        entriesAndFlags(a, F_NUMA_NODE | F_RDONLY | F_WRONLY);
    }

    /**
     * The redirect maps' last creation checks: some entries (a u32: no limit but memory, which
     * the simulator does not count), and the flags as for every map ({@link #flags}).
     */
    private static void entriesAndFlags(MapCreateAttr a, int allowed) {
        require(a, a.maxEntries() != 0, "max_entries must be positive");
        flags(a, allowed);
    }

    /**
     * The attributes with BPF_F_RDONLY_PROG added, as dev_map_init_map does: a program's lookup
     * points at the kernel's own copy of the value, which it must not write.
     */
    private static MapCreateAttr readOnlyForPrograms(MapCreateAttr a) {
        return new MapCreateAttr(a.type(), a.name(), a.keySize(), a.valueSize(), a.maxEntries(),
                a.flags() | MapCreateAttr.F_RDONLY_PROG, a.innerMap(), a.btf(), a.keyType(),
                a.valueType(), a.mapExtra());
    }

    private static void checkRingbuf(MapCreateAttr a) {
        require(a, a.keySize() == 0 && a.valueSize() == 0, "ringbuf key_size and value_size"
                + " must be 0");
        int n = a.maxEntries();
        require(a, n > 0 && Integer.bitCount(n) == 1 && n % PAGE == 0, "ringbuf max_entries "
                + n + " must be a power of 2 and a multiple of the page size " + PAGE);
        flags(a, F_NUMA_NODE);
    }

    private static void flags(MapCreateAttr a, int allowed) {
        require(a, (a.flags() & ~allowed) == 0, String.format("map_flags 0x%x not allowed for %s",
                a.flags() & ~allowed, a.type()));
        require(a, (a.flags() & (F_RDONLY | F_WRONLY)) != (F_RDONLY | F_WRONLY),
                "BPF_F_RDONLY and BPF_F_WRONLY together");
        require(a, (a.flags() & (MapCreateAttr.F_RDONLY_PROG | MapCreateAttr.F_WRONLY_PROG))
                != (MapCreateAttr.F_RDONLY_PROG | MapCreateAttr.F_WRONLY_PROG),
                "BPF_F_RDONLY_PROG and BPF_F_WRONLY_PROG together");
    }

    private static void require(MapCreateAttr a, boolean ok, String why) {
        if (!ok) {
            throw new KernelException(Errno.EINVAL, "map " + a.name() + " (" + a.type() + "): "
                    + why);
        }
    }
}
