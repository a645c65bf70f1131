package dev.ebld.loader.linux;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.UpdateMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * The map commands. Key and value buffers are checked against the map's sizes first: the kernel
 * reads {@code key_size} and {@code value_size} bytes from whatever address it is given, so a
 * short Java array would let it read past the copy; such a call is EINVAL here instead. Values of
 * per-CPU maps are as user space sees them: one 8-byte-rounded slot per possible CPU.
 */
final class MapCalls {
    private MapCalls() {
    }

    static MapFd create(FdTable fds, MapCreateAttr a) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, MapAttrs.MAP_CREATE)
                    .u32("map_type", a.type().number()).u32("key_size", a.keySize())
                    .u32("value_size", a.valueSize()).u32("max_entries", a.maxEntries())
                    .u32("map_flags", a.flags()).objName("map_name", a.name())
                    .u32("btf_key_type_id", a.keyType().value())
                    .u32("btf_value_type_id", a.valueType().value()).u64("map_extra", a.mapExtra());
            a.innerMap().ifPresent(m -> s.u32("inner_map_fd", m.value()));
            a.btf().ifPresent(b -> s.u32("btf_fd", b.value()));
            int fd = BpfSyscall.bpf(BpfCmd.MAP_CREATE, s.segment(), "map " + a.name() + " ("
                    + a.type() + ")");
            return (MapFd) fds.adopt(fd, Fd.Kind.MAP);
        }
    }

    /** A map's key size and the bytes of one value as user space reads and writes it. */
    record Shape(int keyBytes, int valueBytes) {
        void check(MapFd map, byte[] bytes, int expected, String what) {
            if (bytes.length != expected) {
                throw new KernelException(Errno.EINVAL, map + ": " + what + " of " + bytes.length
                        + " bytes, the map's is " + expected);
            }
        }
    }

    static Optional<byte[]> lookup(MapFd map, Shape shape, byte[] key) {
        shape.check(map, key, shape.keyBytes(), "key");
        int valueBytes = shape.valueBytes();
        try (Arena arena = Arena.ofConfined()) {
            Struct s = elem(arena, map);
            s.copyIn("key", key);
            MemorySegment value = s.room("value", valueBytes);
            if (!BpfSyscall.bpfFound(BpfCmd.MAP_LOOKUP_ELEM, s.segment(), map.toString())) {
                return Optional.empty();
            }
            return Optional.of(value.asSlice(0, valueBytes).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    static void update(MapFd map, Shape shape, byte[] key, byte[] value, UpdateMode mode) {
        shape.check(map, key, shape.keyBytes(), "key");
        shape.check(map, value, shape.valueBytes(), "value");
        try (Arena arena = Arena.ofConfined()) {
            Struct s = elem(arena, map).u64("flags", mode.flag());
            s.copyIn("key", key);
            s.copyIn("value", value);
            BpfSyscall.bpf(BpfCmd.MAP_UPDATE_ELEM, s.segment(), map + " (" + mode + ")");
        }
    }

    static void delete(MapFd map, Shape shape, byte[] key) {
        shape.check(map, key, shape.keyBytes(), "key");
        try (Arena arena = Arena.ofConfined()) {
            Struct s = elem(arena, map);
            s.copyIn("key", key);
            BpfSyscall.bpf(BpfCmd.MAP_DELETE_ELEM, s.segment(), map.toString());
        }
    }

    /** A NULL key asks for the first key, as {@code bpf_map_get_next_key(fd, NULL, ...)}. */
    static Optional<byte[]> nextKey(MapFd map, Shape shape, Optional<byte[]> key) {
        key.ifPresent(k -> shape.check(map, k, shape.keyBytes(), "key"));
        int keyBytes = shape.keyBytes();
        try (Arena arena = Arena.ofConfined()) {
            Struct s = elem(arena, map);
            key.ifPresent(k -> s.copyIn("key", k));
            MemorySegment next = s.room(MapAttrs.NEXT_KEY, keyBytes);
            if (!BpfSyscall.bpfFound(BpfCmd.MAP_GET_NEXT_KEY, s.segment(), map.toString())) {
                return Optional.empty();
            }
            return Optional.of(next.asSlice(0, keyBytes).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    static void freeze(MapFd map) {
        try (Arena arena = Arena.ofConfined()) {
            BpfSyscall.bpf(BpfCmd.MAP_FREEZE, elem(arena, map).segment(), map.toString());
        }
    }

    private static Struct elem(Arena arena, MapFd map) {
        return Struct.of(arena, MapAttrs.MAP_ELEM).u32("map_fd", map.value());
    }
}
