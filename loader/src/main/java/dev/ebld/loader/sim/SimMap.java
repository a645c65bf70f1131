package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.Optional;

/**
 * A map of the simulated kernel, seen from both sides: user space (bpf(2) map commands, whole
 * values as bytes, per-CPU values as one 8-byte-aligned slot per CPU) and programs (helpers that
 * get pointers into the live value, one CPU's slot for per-CPU maps). Program-side failures are
 * negative errnos, as helpers return them; user-side failures are {@link KernelException}s.
 *
 * <p>A program refers to the map through {@link #handle}: a region without bytes whose pointer
 * {@code ld_imm64 BPF_PSEUDO_MAP_FD} loads and helpers take as their map argument.
 */
abstract class SimMap extends KernelObject {
    final SimKernel kernel;
    final MapCreateAttr attr;
    final Region handle;
    final int cpus;
    boolean frozen;
    /** The BTF object describing key and value, held while the map lives. */
    Optional<SimBtf> btf = Optional.empty();

    SimMap(SimKernel kernel, int id, MapCreateAttr attr) {
        super(Fd.Kind.MAP, id);
        this.kernel = kernel;
        this.attr = attr;
        this.cpus = kernel.possibleCpus();
        this.handle = kernel.space().add(Region.handle("map " + attr.name(), this));
    }

    MapType type() {
        return attr.type();
    }

    /** Whether each CPU has a value of its own ({@link MapType#perCpuValues}). */
    final boolean perCpu() {
        return attr.type().perCpuValues();
    }

    /** Bytes of one value as user space passes it: per-CPU maps hold a rounded slot per CPU. */
    int userValueSize() {
        return attr.type().userValueSize(attr.valueSize(), cpus);
    }

    static int roundUp8(int n) {
        return (n + 7) & ~7;
    }

    /** Whether programs may write the values they look up (not for BPF_F_RDONLY_PROG). */
    boolean progWritable() {
        return (attr.flags() & MapCreateAttr.F_RDONLY_PROG) == 0;
    }

    // --- User space ---

    abstract Optional<byte[]> lookup(byte[] key);

    abstract void update(byte[] key, byte[] value, UpdateMode mode, SimProcess caller);

    abstract void delete(byte[] key);

    abstract Optional<byte[]> nextKey(Optional<byte[]> key);

    // --- Programs ---

    /** bpf_map_lookup_elem: a pointer into the live value, or 0 (NULL). */
    abstract long progLookup(byte[] key, int cpu);

    /** bpf_map_update_elem: 0 or a negative errno. */
    abstract long progUpdate(byte[] key, byte[] value, long flags, int cpu);

    /** bpf_map_delete_elem: 0 or a negative errno. */
    abstract long progDelete(byte[] key);

    /** Frees value regions; maps holding objects drop those references too. */
    @Override
    void freed(SimKernel k) {
        btf.ifPresent(b -> b.put(k));
        k.space().remove(handle);
    }

    // --- Maps indexed by a u32 key below max_entries (array, devmap, cpumap, xskmap) ---

    /** The slot a 4-byte key names, or -1 past the end. */
    int arrayIndex(byte[] key) {
        return arrayIndex(AddressSpace.getLe(key, 0, 4));
    }

    /** The slot a program's key names: a u32, as the kernel's lookups truncate it; -1 past the end. */
    int arrayIndex(long key) {
        long i = key & 0xffff_ffffL;
        return i < attr.maxEntries() ? (int) i : -1;
    }

    /**
     * The slot an update writes, after the checks every indexed map makes first, in the
     * kernel's order: key and value sizes, E2BIG past the end, EEXIST for BPF_NOEXIST (slots
     * always exist). {@code slots} names them in the message ("array elements").
     */
    int slotForUpdate(byte[] key, byte[] value, UpdateMode mode, String slots) {
        int i = indexForUpdate(key, value);
        if (mode == UpdateMode.NOEXIST) {
            throw new KernelException(Errno.EEXIST, "map " + attr.name() + ": " + slots
                    + " always exist (BPF_NOEXIST)");
        }
        return i;
    }

    /**
     * The slot an update writes, after the checks every indexed map makes before any other:
     * key and value sizes, then E2BIG past the end.
     */
    int indexForUpdate(byte[] key, byte[] value) {
        checkKey(key);
        checkUserWrite(value);
        int i = arrayIndex(key);
        if (i < 0) {
            throw new KernelException(Errno.E2BIG, "map " + attr.name() + ": index "
                    + AddressSpace.getLe(key, 0, 4) + " >= max_entries " + attr.maxEntries());
        }
        return i;
    }

    /** The delete of an indexed map whose slots may be empty: EINVAL only past the end. */
    int indexForDelete(byte[] key) {
        checkKey(key);
        int i = arrayIndex(key);
        if (i < 0) {
            throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": index "
                    + AddressSpace.getLe(key, 0, 4) + " >= max_entries " + attr.maxEntries());
        }
        return i;
    }

    /** BPF_MAP_GET_NEXT_KEY over indices: 0 first and after a key past the end, then key + 1. */
    Optional<byte[]> nextIndex(Optional<byte[]> key) {
        long next = 0;
        if (key.isPresent()) {
            checkKey(key.get());
            long cur = AddressSpace.getLe(key.get(), 0, 4);
            next = cur >= attr.maxEntries() ? 0 : cur + 1;
        }
        if (next >= attr.maxEntries()) {
            return Optional.empty();
        }
        byte[] out = new byte[4];
        AddressSpace.putLe(out, 0, 4, next);
        return Optional.of(out);
    }

    /** Removes the per-slot value regions a map handed to programs; null slots were never made. */
    static void removeRegions(SimKernel k, Region[] regions) {
        for (Region r : regions) {
            if (r != null) {
                k.space().remove(r);
            }
        }
    }

    // --- Shared checks ---

    void checkKey(byte[] key) {
        if (key.length != attr.keySize()) {
            throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": key of "
                    + key.length + " bytes, map key_size is " + attr.keySize());
        }
    }

    /**
     * The program fd of a redirect map's value: {@code struct bpf_devmap_val} and
     * {@code struct bpf_cpumap_val} both put it after a u32 (ifindex, qsize), and only 8-byte
     * values have it; 0 for a 4-byte one.
     */
    int progFdOf(byte[] value) {
        return attr.valueSize() == 8 ? (int) AddressSpace.getLe(value, 4, 4) : 0;
    }

    void checkUserWrite(byte[] value) {
        if (value != null && value.length != userValueSize()) {
            throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": value of "
                    + value.length + " bytes, expected " + userValueSize()
                    + (perCpu() ? " (" + cpus + " CPUs x " + roundUp8(attr.valueSize()) + ")" : ""));
        }
    }

    /** Program-side update flags: BPF_ANY, BPF_NOEXIST, BPF_EXIST (BPF_F_LOCK not modelled). */
    static long checkProgFlags(long flags) {
        return flags > UpdateMode.EXIST.flag() || flags < 0 ? -Errno.EINVAL.number() : 0;
    }

    KernelException notSupported(String op) {
        return new KernelException(Errno.ENOTSUPP, "map " + attr.name() + " of type "
                + type() + " does not support " + op);
    }
}
