package dev.ebld.loader;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfInfo;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.ProgQueryResult;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkUpdateAttr;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LoadedProg;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapInfo;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgInfo;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.kernel.UpdateMode;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A test double of {@link Kernel} that records every command the loader sends and answers with
 * fresh fds; maps keep their values so globals can be read back. Machine facts are settable;
 * the kernel BTF is this machine's {@code /sys/kernel/btf/vmlinux} unless one is given.
 */
final class RecordingKernel implements Kernel {
    final List<String> calls = new ArrayList<>();
    final List<MapCreateAttr> maps = new ArrayList<>();
    final List<ProgLoadAttr> progs = new ArrayList<>();
    final List<byte[]> btfs = new ArrayList<>();
    final Map<Integer, Map<String, byte[]>> values = new HashMap<>();
    final List<Integer> frozen = new ArrayList<>();
    final List<Integer> closed = new ArrayList<>();
    final Map<String, String> kconfig = new HashMap<>();
    final Map<String, Long> kallsyms = new HashMap<>();
    final Map<String, Fd> pinned = new HashMap<>();
    /** Raw BTF of already-loaded programs, by prog fd, for attach targets. */
    final Map<Integer, byte[]> progBtf = new HashMap<>();
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    int version = 6 << 16 | 18 << 8;
    Btf vmlinux;
    String refuseProg;
    String refuseLog = "0: (b7) r0 = 0\n1: (95) exit\nR0 !read_ok\n";
    private int nextFd = 3;

    @Override
    public ByteOrder byteOrder() {
        return order;
    }

    @Override
    public int possibleCpus() {
        return 2;
    }

    @Override
    public int kernelVersion() {
        return version;
    }

    @Override
    public Btf vmlinuxBtf() {
        if (vmlinux == null) {
            try {
                vmlinux = BtfFiles.read(Path.of("/sys/kernel/btf/vmlinux"));
            } catch (Exception e) {
                throw new KernelException(Errno.ENOENT, "no vmlinux BTF: " + e);
            }
        }
        return vmlinux;
    }

    @Override
    public OptionalLong kallsyms(String name) {
        Long v = kallsyms.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Override
    public Map<String, String> kconfig() {
        return kconfig;
    }

    @Override
    public MapFd mapCreate(MapCreateAttr attr) {
        calls.add("map_create " + attr.name());
        maps.add(attr);
        MapFd fd = new MapFd(nextFd++);
        values.put(fd.value(), new HashMap<>());
        return fd;
    }

    @Override
    public Optional<byte[]> mapLookup(MapFd map, byte[] key) {
        return Optional.ofNullable(values.get(map.value()).get(HexFormat.of().formatHex(key))).map(byte[]::clone);
    }

    @Override
    public void mapUpdate(MapFd map, byte[] key, byte[] value, UpdateMode mode) {
        if (frozen.contains(map.value())) {
            throw new KernelException(Errno.EPERM, "map is frozen");
        }
        calls.add("map_update " + map.value() + " " + HexFormat.of().formatHex(key));
        values.get(map.value()).put(HexFormat.of().formatHex(key), value.clone());
    }

    @Override
    public void mapDelete(MapFd map, byte[] key) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public Optional<byte[]> mapGetNextKey(MapFd map, Optional<byte[]> key) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public void mapFreeze(MapFd map) {
        calls.add("map_freeze " + map.value());
        frozen.add(map.value());
    }

    @Override
    public BtfFd btfLoad(byte[] rawBtf, LogOptions log) {
        calls.add("btf_load");
        btfs.add(rawBtf);
        return new BtfFd(nextFd++);
    }

    @Override
    public LoadedProg progLoad(ProgLoadAttr attr) {
        calls.add("prog_load " + attr.name());
        progs.add(attr);
        if (attr.name().equals(refuseProg)) {
            // Like the kernel: no log buffer, no log.
            throw new ProgLoadException(Errno.EACCES, "verifier refused",
                    attr.log().level() > 0 ? refuseLog : "");
        }
        return new LoadedProg(new ProgFd(nextFd++), "", attr.insns().size());
    }

    @Override
    public TestRunResult progTestRun(ProgFd prog, TestRunAttr attr) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public void objPin(Fd fd, String path) {
        calls.add("pin " + path);
    }

    @Override
    public Fd objGet(String path) {
        Fd fd = pinned.get(path);
        if (fd == null) {
            throw new KernelException(Errno.ENOENT, path);
        }
        calls.add("obj_get " + path);
        values.putIfAbsent(fd.value(), new HashMap<>());
        return fd;
    }

    @Override
    public Optional<ObjectId> nextId(Fd.Kind kind, int after) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public Fd fdById(ObjectId id) {
        calls.add("fd_by_id " + id.value());
        return new BtfFd(id.value());
    }

    @Override
    public ProgInfo progInfo(ProgFd prog) {
        Optional<ObjectId> btf = progBtf.containsKey(prog.value())
                ? Optional.of(new ObjectId(Fd.Kind.BTF, 1000 + prog.value())) : Optional.empty();
        return new ProgInfo(new ObjectId(Fd.Kind.PROG, prog.value()), dev.ebld.loader.kernel.ProgType.XDP,
                "target", 0, 0, List.of(), btf, "");
    }

    @Override
    public MapInfo mapInfo(MapFd map) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public BtfInfo btfInfo(BtfFd btf) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public byte[] btfData(BtfFd btf) {
        return progBtf.get(btf.value() - 1000);
    }

    @Override
    public void close(Fd fd) {
        calls.add("close " + fd.value());
        closed.add(fd.value());
    }

    @Override
    public LinkFd linkCreate(LinkCreateAttr attr) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public void linkUpdate(LinkFd link, LinkUpdateAttr attr) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public void linkDetach(LinkFd link) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public LinkInfo linkInfo(LinkFd link) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public void progAttach(ProgAttachAttr attr) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public void progDetach(ProgAttachAttr attr) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    @Override
    public ProgQueryResult progQuery(Ifindex ifindex, AttachType attachType) {
        throw new UnsupportedOperationException("not used by the loader");
    }

    MapCreateAttr map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no map " + name + " in " + maps));
    }

    ProgLoadAttr prog(String name) {
        return progs.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no program " + name));
    }
}
