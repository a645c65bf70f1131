package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapType;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The key and value BTF of {@code BPF_MAP_CREATE}, checked where kernel/bpf/syscall.c's
 * map_create checks them: a key type without a value type before anything else
 * ({@link #checkIds}); then, after the map type's own creation checks, the BTF object
 * ({@link #attach}: btf_fd not open is EBADF, an fd of anything but BTF EINVAL, the kernel's
 * own BTF EACCES) and map_check_btf: each type must exist and have the map's key or value size
 * (EINVAL), a missing key type is allowed only to map types with a map_check_btf op, and that
 * op has the last word (ENOTSUPP for the types that take no BTF). Without type ids btf_fd is
 * not looked at. Not modelled: the special fields (spin locks, timers, kptrs) a value type may
 * hold.
 */
final class MapBtf {
    /** What a map type's {@code map_check_btf} op does, as measured on Linux 6.18. */
    private enum CheckOp {
        /** No op: a key type is required, any sizes that match pass. */
        NONE,
        /** map_check_no_btf: ENOTSUPP. */
        NO_BTF,
        /** array_map_check_btf: a 32-bit INT key, or no key for a one-entry DATASEC array. */
        ARRAY
    }

    private MapBtf() {
    }

    /** map_create's first check: a key type needs a value type. */
    static void checkIds(MapCreateAttr a) {
        if (a.keyType().value() != 0 && a.valueType().value() == 0) {
            throw new KernelException(Errno.EINVAL, "map " + a.name()
                    + ": a BTF key type needs a BTF value type");
        }
    }

    /**
     * The BTF object the map keeps, after map_check_btf accepted its types; empty when the
     * attributes name no type (btf_fd is then ignored).
     */
    static Optional<SimBtf> attach(SimProcess proc, MapCreateAttr a) {
        if (a.keyType().value() == 0 && a.valueType().value() == 0) {
            return Optional.empty();
        }
        // No btf_fd is fd 0, which the simulated process has not opened.
        SimBtf btf = a.btf().isPresent() ? proc.btf(a.btf().get()) : (SimBtf) proc.object(0);
        if (btf.kernel) {
            throw new KernelException(Errno.EACCES, "map " + a.name()
                    + ": key and value types cannot come from the kernel's BTF");
        }
        checkTypes(a, btf.btf);
        return Optional.of(btf);
    }

    /** map_check_btf: the types' sizes, then the map type's own op. */
    private static void checkTypes(MapCreateAttr a, Btf btf) {
        CheckOp op = checkOp(a);
        int keyId = a.keyType().value();
        if (keyId != 0) {
            requireSize(a, btf, keyId, a.keySize(), "key");
        } else if (op == CheckOp.NONE) {
            throw invalid(a, a.type() + " needs a BTF key type");
        }
        requireSize(a, btf, a.valueType().value(), a.valueSize(), "value");
        switch (op) {
            case NONE -> {
            }
            case NO_BTF -> throw new KernelException(Errno.ENOTSUPP, "map " + a.name() + ": "
                    + a.type() + " keys and values take no BTF types (map_check_no_btf)");
            case ARRAY -> checkArrayKey(a, btf, keyId);
        }
    }

    private static CheckOp checkOp(MapCreateAttr a) {
        return switch (a.type()) {
            case ARRAY, PERCPU_ARRAY -> CheckOp.ARRAY;
            case HASH, PERCPU_HASH, LRU_HASH, PROG_ARRAY, RINGBUF -> CheckOp.NONE;
            case PERF_EVENT_ARRAY, ARRAY_OF_MAPS, HASH_OF_MAPS, DEVMAP, DEVMAP_HASH, CPUMAP,
                    XSKMAP -> CheckOp.NO_BTF;
            case UNSPEC, STACK_TRACE, CGROUP_ARRAY, LRU_PERCPU_HASH, LPM_TRIE, SOCKMAP, SOCKHASH,
                    CGROUP_STORAGE, REUSEPORT_SOCKARRAY, PERCPU_CGROUP_STORAGE, QUEUE, STACK,
                    SK_STORAGE, STRUCT_OPS, INODE_STORAGE, TASK_STORAGE, BLOOM_FILTER, USER_RINGBUF,
                    CGRP_STORAGE, ARENA -> throw new IllegalStateException(a.type()
                            + " is refused before its BTF is looked at");
        };
    }

    /** btf_type_id_size: the type must exist and resolve to exactly {@code size} bytes. */
    private static void requireSize(MapCreateAttr a, Btf btf, int id, int size, String what) {
        if (id >= btf.typeCount()) {
            throw invalid(a, "no BTF type " + id + " for the " + what);
        }
        OptionalLong got = BtfTypes.resolveSize(btf, id);
        if (got.isEmpty() || got.getAsLong() != Integer.toUnsignedLong(size)) {
            throw invalid(a, "BTF " + what + " type " + id + " has " + (got.isEmpty() ? "no size"
                    : got.getAsLong() + " bytes") + ", the map's " + what + "_size is " + size);
        }
    }

    /**
     * array_map_check_btf: the key, past typedefs and modifiers, a 32-bit INT at bit 0; no key
     * only for the one-entry ARRAY of a DATASEC (the .data/.bss/.rodata maps).
     */
    private static void checkArrayKey(MapCreateAttr a, Btf btf, int keyId) {
        if (keyId == 0) {
            boolean globals = a.type() == MapType.ARRAY && a.maxEntries() == 1
                    && btf.type(a.valueType().value()).kind() == BtfKind.DATASEC;
            if (!globals) {
                throw invalid(a, "only a one-entry array of a DATASEC may have no BTF key type");
            }
            return;
        }
        BtfType key = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, keyId));
        if (key.kind() != BtfKind.INT || ((BtfType.IntType) key).bits() != 32
                || ((BtfType.IntType) key).offset() != 0) {
            throw invalid(a, "an array's BTF key type must be a 32-bit integer");
        }
    }

    private static KernelException invalid(MapCreateAttr a, String why) {
        return new KernelException(Errno.EINVAL, "map " + a.name() + " (" + a.type() + "): " + why);
    }
}
