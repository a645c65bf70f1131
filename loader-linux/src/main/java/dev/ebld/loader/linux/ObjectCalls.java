package dev.ebld.loader.linux;

import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.BtfInfo;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapInfo;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgInfo;
import dev.ebld.loader.kernel.ProgType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pins, ids, {@code BPF_OBJ_GET_INFO_BY_FD} and {@code BPF_BTF_LOAD}. */
final class ObjectCalls {
    private ObjectCalls() {
    }

    static void pin(Fd fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, ObjAttrs.OBJ).string("pathname", path).u32("bpf_fd", fd.value());
            BpfSyscall.bpf(BpfCmd.OBJ_PIN, s.segment(), fd + " at " + path);
        }
    }

    static Fd get(FdTable fds, String path) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, ObjAttrs.OBJ).string("pathname", path);
            return fds.adoptUnknown(BpfSyscall.bpf(BpfCmd.OBJ_GET, s.segment(), path));
        }
    }

    /** {@code BPF_*_GET_NEXT_ID}; the kernel's ENOENT past the last id is "none". */
    static Optional<ObjectId> nextId(Fd.Kind kind, int after) {
        BpfCmd cmd = switch (kind) {
            case PROG -> BpfCmd.PROG_GET_NEXT_ID;
            case MAP -> BpfCmd.MAP_GET_NEXT_ID;
            case BTF -> BpfCmd.BTF_GET_NEXT_ID;
            case LINK -> BpfCmd.LINK_GET_NEXT_ID;
        };
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, ObjAttrs.GET_ID).u32("start_id", after);
            if (!BpfSyscall.bpfFound(cmd, s.segment(), "after " + after)) {
                return Optional.empty();
            }
            return Optional.of(new ObjectId(kind, s.u32("next_id")));
        }
    }

    static Fd fdById(FdTable fds, ObjectId id) {
        BpfCmd cmd = switch (id.kind()) {
            case PROG -> BpfCmd.PROG_GET_FD_BY_ID;
            case MAP -> BpfCmd.MAP_GET_FD_BY_ID;
            case BTF -> BpfCmd.BTF_GET_FD_BY_ID;
            case LINK -> BpfCmd.LINK_GET_FD_BY_ID;
        };
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, ObjAttrs.GET_ID).u32("start_id", id.value());
            return fds.adopt(BpfSyscall.bpf(cmd, s.segment(), id.toString()), id.kind());
        }
    }

    /** {@code BPF_OBJ_GET_INFO_BY_FD} into {@code info}, a zeroed struct the caller filled in. */
    static Struct info(Fd fd, Struct info, StructLayout layout) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, ObjAttrs.INFO).u32("bpf_fd", fd.value())
                    .u32("info_len", (int) layout.byteSize()).pointer("info", info.segment());
            BpfSyscall.bpf(BpfCmd.OBJ_GET_INFO_BY_FD, s.segment(), fd.toString());
            return info;
        }
    }

    /** The verifier's {@code verified_insns} for a program, in one info call. */
    static int verifiedInsns(ProgFd fd) {
        try (Arena arena = Arena.ofConfined()) {
            return info(fd, Struct.of(arena, InfoStructs.PROG), InfoStructs.PROG).u32("verified_insns");
        }
    }

    /**
     * Program info in two calls, as bpftool: the first learns how many maps the program uses,
     * the second fetches their ids. insnCount is the translated length ({@code xlated_prog_len}
     * in slots), after the verifier's rewrites.
     */
    static ProgInfo progInfo(ProgFd fd) {
        try (Arena arena = Arena.ofConfined()) {
            Struct first = info(fd, Struct.of(arena, InfoStructs.PROG), InfoStructs.PROG);
            int maps = first.u32("nr_map_ids");
            Struct s = Struct.of(arena, InfoStructs.PROG).u32("nr_map_ids", maps);
            MemorySegment ids = s.room("map_ids", 4L * maps);
            info(fd, s, InfoStructs.PROG);
            List<ObjectId> mapIds = new ArrayList<>();
            for (int i = 0; i < Math.min(maps, s.u32("nr_map_ids")); i++) {
                mapIds.add(new ObjectId(Fd.Kind.MAP, ids.getAtIndex(ValueLayout.JAVA_INT, i)));
            }
            int type = s.u32("type");
            return new ProgInfo(new ObjectId(Fd.Kind.PROG, s.u32("id")), ProgType.ofNumber(type)
                    .orElseThrow(() -> unknown("program type", type)), s.objName("name"),
                    s.u32("xlated_prog_len") / 8, s.u32("verified_insns"), mapIds,
                    id(Fd.Kind.BTF, s.u32("btf_id")), s.hex8("tag"));
        }
    }

    /** Map info; {@code frozen} is not in bpf_map_info, so it comes from the fd's fdinfo. */
    static MapInfo mapInfo(MapFd fd) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = info(fd, Struct.of(arena, InfoStructs.MAP), InfoStructs.MAP);
            int type = s.u32("type");
            return new MapInfo(new ObjectId(Fd.Kind.MAP, s.u32("id")), MapType.ofNumber(type)
                    .orElseThrow(() -> unknown("map type", type)), s.objName("name"),
                    s.u32("key_size"), s.u32("value_size"), s.u32("max_entries"),
                    s.u32("map_flags"), id(Fd.Kind.BTF, s.u32("btf_id")),
                    new BtfId(s.u32("btf_key_type_id")), new BtfId(s.u32("btf_value_type_id")),
                    "1".equals(fdinfo(fd, "frozen")));
        }
    }

    static BtfInfo btfInfo(BtfFd fd) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, InfoStructs.BTF).u32("name_len", 64);
            MemorySegment name = s.room("name", 64);
            info(fd, s, InfoStructs.BTF);
            return new BtfInfo(new ObjectId(Fd.Kind.BTF, s.u32("id")), s.u32("btf_size"),
                    Struct.cString(name), s.u32("kernel_btf") != 0);
        }
    }

    /** The raw BTF: its size from a first info call, its bytes from a second. */
    static byte[] btfData(BtfFd fd) {
        try (Arena arena = Arena.ofConfined()) {
            int size = info(fd, Struct.of(arena, InfoStructs.BTF), InfoStructs.BTF).u32("btf_size");
            Struct s = Struct.of(arena, InfoStructs.BTF).u32("btf_size", size);
            MemorySegment data = s.room("btf", size);
            info(fd, s, InfoStructs.BTF);
            return data.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /**
     * {@code BPF_BTF_LOAD}; a refusal carries the kernel's BTF log in its message when asked for.
     * Log level 0 with a buffer as libbpf's {@code bpf_btf_load} ({@link ProgCalls#quietThenLogged}).
     */
    static BtfFd btfLoad(FdTable fds, byte[] raw, LogOptions log) {
        return ProgCalls.quietThenLogged(log, l -> btfLoadOnce(fds, raw, l));
    }

    private static BtfFd btfLoadOnce(FdTable fds, byte[] raw, LogOptions log) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, ObjAttrs.BTF_LOAD).u32("btf_size", raw.length)
                    .u32("btf_log_level", log.level());
            s.copyIn("btf", raw);
            MemorySegment buf = MemorySegment.NULL;
            if (log.level() > 0 && log.bufferSize() > 0) {
                buf = s.room("btf_log_buf", log.bufferSize());
                s.u32("btf_log_size", log.bufferSize());
            }
            try {
                return (BtfFd) fds.adopt(BpfSyscall.bpf(BpfCmd.BTF_LOAD, s.segment(),
                        raw.length + " bytes"), Fd.Kind.BTF);
            } catch (KernelException e) {
                String text = Struct.cString(buf).strip();
                throw new KernelException(e.number(), e.reason() + (text.isEmpty() ? "" : "\n" + text));
            }
        }
    }

    private static Optional<ObjectId> id(Fd.Kind kind, int id) {
        return id == 0 ? Optional.empty() : Optional.of(new ObjectId(kind, id));
    }

    static IllegalStateException unknown(String what, int number) {
        return new IllegalStateException("the kernel reports " + what + " " + number
                + ", which this build does not know");
    }

    /** A field of {@code /proc/self/fdinfo/<fd>} ("frozen:\t1"), or null. */
    static String fdinfo(Fd fd, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd.value()))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).strip();
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("fdinfo of " + fd, e);
        }
    }
}
