package dev.ebld.loader.linux;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
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

    /**
     * What the element commands need to know of a map: its name (for messages), key size and
     * the bytes of one value as user space reads and writes it. Fixed for an fd's lifetime, so
     * {@link FdTable} keeps it for the fds it holds.
     */
    record Shape(MapFd map, String name, int keyBytes, int valueBytes) {
        void check(byte[] bytes, int expected, String what) {
            if (bytes.length != expected) {
                throw new KernelException(Errno.EINVAL, this + ": " + what + " of " + bytes.length
                        + " bytes, the map's is " + expected);
            }
        }

        /** {@code map NAME (map_fd N)}, the operand part of a message. */
        @Override
        public String toString() {
            return "map " + name + " (" + map + ")";
        }
    }

    /**
     * The map's shape from {@code BPF_OBJ_GET_INFO_BY_FD}. That command answers EBADFD for an fd
     * that is not open, where the element commands answer EBADF; the commands' errno is given.
     */
    static Shape shape(MapFd map, int possibleCpus) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = ObjectCalls.info(map, Struct.of(arena, InfoStructs.MAP), InfoStructs.MAP);
            int type = s.u32("type");
            MapType t = MapType.ofNumber(type).orElseThrow(() -> ObjectCalls.unknown("map type", type));
            return new Shape(map, s.objName("name"), s.u32("key_size"),
                    t.userValueSize(s.u32("value_size"), possibleCpus));
        } catch (KernelException e) {
            if (e.errno() == Errno.EBADFD) {
                throw new KernelException(Errno.EBADF, map + " is not an open fd", e);
            }
            throw e;
        }
    }

    static Optional<byte[]> lookup(Shape shape, byte[] key) {
        shape.check(key, shape.keyBytes(), "key");
        int valueBytes = shape.valueBytes();
        try (Arena arena = Arena.ofConfined()) {
            Struct s = elem(arena, shape.map());
            s.copyIn("key", key);
            MemorySegment value = s.room("value", valueBytes);
            if (!BpfSyscall.bpfFound(BpfCmd.MAP_LOOKUP_ELEM, s.segment(), shape.toString())) {
                return Optional.empty();
            }
            return Optional.of(value.asSlice(0, valueBytes).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    static void update(Shape shape, byte[] key, byte[] value, UpdateMode mode) {
        shape.check(key, shape.keyBytes(), "key");
        shape.check(value, shape.valueBytes(), "value");
        try (Arena arena = Arena.ofConfined()) {
            Struct s = elem(arena, shape.map()).u64("flags", mode.flag());
            s.copyIn("key", key);
            s.copyIn("value", value);
            BpfSyscall.bpf(BpfCmd.MAP_UPDATE_ELEM, s.segment(), shape + " " + mode);
        }
    }

    static void delete(Shape shape, byte[] key) {
        shape.check(key, shape.keyBytes(), "key");
        try (Arena arena = Arena.ofConfined()) {
            Struct s = elem(arena, shape.map());
            s.copyIn("key", key);
            BpfSyscall.bpf(BpfCmd.MAP_DELETE_ELEM, s.segment(), shape.toString());
        }
    }

    /** A NULL key asks for the first key, as {@code bpf_map_get_next_key(fd, NULL, ...)}. */
    static Optional<byte[]> nextKey(Shape shape, Optional<byte[]> key) {
        key.ifPresent(k -> shape.check(k, shape.keyBytes(), "key"));
        int keyBytes = shape.keyBytes();
        try (Arena arena = Arena.ofConfined()) {
            Struct s = elem(arena, shape.map());
            key.ifPresent(k -> s.copyIn("key", k));
            MemorySegment next = s.room(MapAttrs.NEXT_KEY, keyBytes);
            if (!BpfSyscall.bpfFound(BpfCmd.MAP_GET_NEXT_KEY, s.segment(), shape.toString())) {
                return Optional.empty();
            }
            return Optional.of(next.asSlice(0, keyBytes).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    static void freeze(Shape shape) {
        try (Arena arena = Arena.ofConfined()) {
            BpfSyscall.bpf(BpfCmd.MAP_FREEZE, elem(arena, shape.map()).segment(), shape.toString());
        }
    }

    private static Struct elem(Arena arena, MapFd map) {
        return Struct.of(arena, MapAttrs.MAP_ELEM).u32("map_fd", map.value());
    }
}
