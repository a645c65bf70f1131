package dev.ebld.loader.kernel;

/**
 * {@code enum bpf_map_type}. The simulated kernel implements some of these; creating another one is {@code EINVAL} there, never a silent stand-in.
 */
public enum MapType {
    UNSPEC(0),
    HASH(1),
    ARRAY(2),
    PROG_ARRAY(3),
    PERF_EVENT_ARRAY(4),
    PERCPU_HASH(5),
    PERCPU_ARRAY(6),
    STACK_TRACE(7),
    CGROUP_ARRAY(8),
    LRU_HASH(9),
    LRU_PERCPU_HASH(10),
    LPM_TRIE(11),
    ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13),
    DEVMAP(14),
    SOCKMAP(15),
    CPUMAP(16),
    XSKMAP(17),
    SOCKHASH(18),
    CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20),
    PERCPU_CGROUP_STORAGE(21),
    QUEUE(22),
    STACK(23),
    SK_STORAGE(24),
    DEVMAP_HASH(25),
    STRUCT_OPS(26),
    RINGBUF(27),
    INODE_STORAGE(28),
    TASK_STORAGE(29),
    BLOOM_FILTER(30),
    USER_RINGBUF(31),
    CGRP_STORAGE(32),
    ARENA(33);

    private final int number;

    MapType(int number) {
        this.number = number;
    }

    /** The value in the kernel's UAPI ({@code include/uapi/linux/bpf.h}). */
    public int number() {
        return number;
    }

    /**
     * Whether user space reads and writes one value per possible CPU: the per-CPU types of the
     * kernel's {@code bpf_map_value_size} (kernel/bpf/syscall.c).
     */
    public boolean perCpuValues() {
        return switch (this) {
            case PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH, PERCPU_CGROUP_STORAGE -> true;
            case UNSPEC, HASH, ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY, STACK_TRACE, CGROUP_ARRAY,
                    LRU_HASH, LPM_TRIE, ARRAY_OF_MAPS, HASH_OF_MAPS, DEVMAP, SOCKMAP, CPUMAP, XSKMAP,
                    SOCKHASH, CGROUP_STORAGE, REUSEPORT_SOCKARRAY, QUEUE, STACK, SK_STORAGE,
                    DEVMAP_HASH, STRUCT_OPS, RINGBUF, INODE_STORAGE, TASK_STORAGE, BLOOM_FILTER,
                    USER_RINGBUF, CGRP_STORAGE, ARENA -> false;
        };
    }

    /**
     * The bytes of one value as user space passes it to the {@code BPF_MAP_*_ELEM} commands, for
     * a map of this type with {@code valueSize}: per-CPU types take one slot per possible CPU,
     * each rounded up to 8 bytes, as {@code bpf_map_value_size} computes it.
     */
    public int userValueSize(int valueSize, int possibleCpus) {
        return perCpuValues() ? ((valueSize + 7) & ~7) * possibleCpus : valueSize;
    }

    /** The constant with UAPI value {@code number}, if there is one. */
    public static java.util.Optional<MapType> ofNumber(int number) {
        for (MapType v : values()) {
            if (v.number == number) {
                return java.util.Optional.of(v);
            }
        }
        return java.util.Optional.empty();
    }
}
