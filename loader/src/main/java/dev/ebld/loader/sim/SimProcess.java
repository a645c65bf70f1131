package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfReader;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfInfo;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkUpdateAttr;
import dev.ebld.loader.kernel.LoadedProg;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapInfo;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgInfo;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgQueryResult;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.kernel.UpdateMode;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One process of a {@link SimKernel}: its capabilities and its fd table. Implements bpf(2) as
 * {@link Kernel}; each command takes the machine's lock, turns fds into objects, and hands the
 * rest to the class that owns the command's rules ({@link MapCommands}, {@link ProgLoader},
 * {@link TestRunner}, {@link Links}, {@link HookAttach}, {@link BpfFs}). Fds are the lowest free
 * numbers from 3 (0-2 are the standard streams), and each holds one reference on its object.
 */
public final class SimProcess implements Kernel {
    private static final int FIRST_FD = 3;

    private final SimKernel k;
    private final Set<Capability> caps;
    private final TreeMap<Integer, KernelObject> fds = new TreeMap<>();

    SimProcess(SimKernel kernel, Set<Capability> caps) {
        this.k = kernel;
        this.caps = caps.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(caps);
    }

    // --- Capabilities, as the kernel's bpf_capable(), perfmon_capable(), bpf_net_capable(). ---

    boolean bpfCapable() {
        return caps.contains(Capability.CAP_BPF) || caps.contains(Capability.CAP_SYS_ADMIN);
    }

    boolean perfmonCapable() {
        return caps.contains(Capability.CAP_PERFMON) || caps.contains(Capability.CAP_SYS_ADMIN);
    }

    boolean netAdminCapable() {
        return caps.contains(Capability.CAP_NET_ADMIN) || caps.contains(Capability.CAP_SYS_ADMIN);
    }

    /** Whether the kernel's check for {@code c} passes (CAP_SYS_ADMIN stands in for the others). */
    boolean capable(Capability c) {
        return switch (c) {
            case CAP_BPF -> bpfCapable();
            case CAP_PERFMON -> perfmonCapable();
            case CAP_NET_ADMIN -> netAdminCapable();
            case CAP_SYS_ADMIN -> caps.contains(Capability.CAP_SYS_ADMIN);
        };
    }

    private void requireSysAdmin(String what) {
        if (!caps.contains(Capability.CAP_SYS_ADMIN)) {
            throw new KernelException(Errno.EPERM, what + " needs CAP_SYS_ADMIN: ids are global"
                    + " and guessable, so only an administrator may turn one into an fd");
        }
    }

    SimKernel kernel() {
        return k;
    }

    // --- Fd table. ---

    Fd install(KernelObject o) {
        int fd = FIRST_FD;
        while (fds.containsKey(fd)) {
            fd++;
        }
        fds.put(fd, o.holdUser());
        switch (o.kind()) {
            case PROG: return new ProgFd(fd);
            case MAP: return new MapFd(fd);
            case BTF: return new BtfFd(fd);
            case LINK: return new LinkFd(fd);
        }
        throw new AssertionError(o.kind());
    }

    /** The object behind a raw fd number (map values and fd_array carry raw numbers). */
    KernelObject object(int fd) {
        KernelObject o = fds.get(fd);
        if (o == null) {
            throw new KernelException(Errno.EBADF, "fd " + fd + " is not open");
        }
        return o;
    }

    private KernelObject object(Fd fd) {
        KernelObject o = object(fd.value());
        if (o.kind() != fd.kind()) {
            throw new KernelException(Errno.EINVAL, fd + " is a " + o.kind().name().toLowerCase()
                    + " fd");
        }
        return o;
    }

    SimMap map(MapFd fd) {
        return (SimMap) object(fd);
    }

    SimProg prog(ProgFd fd) {
        return (SimProg) object(fd);
    }

    SimLink link(LinkFd fd) {
        return (SimLink) object(fd);
    }

    SimBtf btf(BtfFd fd) {
        return (SimBtf) object(fd);
    }

    // --- Kernel facts. ---

    @Override
    public ByteOrder byteOrder() {
        return ByteOrder.LITTLE_ENDIAN;
    }

    @Override
    public int possibleCpus() {
        return k.possibleCpus();
    }

    @Override
    public int kernelVersion() {
        return k.kernelVersion();
    }

    @Override
    public Btf vmlinuxBtf() {
        return k.vmlinux();
    }

    @Override
    public OptionalLong kallsyms(String name) {
        return k.kallsyms(name);
    }

    @Override
    public Map<String, String> kconfig() {
        return k.kconfig();
    }

    // --- Maps (MapCommands). ---

    @Override
    public MapFd mapCreate(MapCreateAttr attr) {
        synchronized (k) {
            return MapCommands.create(this, attr);
        }
    }

    @Override
    public Optional<byte[]> mapLookup(MapFd map, byte[] key) {
        synchronized (k) {
            return MapCommands.lookup(map(map), key);
        }
    }

    @Override
    public void mapUpdate(MapFd map, byte[] key, byte[] value, UpdateMode mode) {
        synchronized (k) {
            MapCommands.update(this, map(map), key, value, mode);
        }
    }

    @Override
    public void mapDelete(MapFd map, byte[] key) {
        synchronized (k) {
            MapCommands.delete(map(map), key);
        }
    }

    @Override
    public Optional<byte[]> mapGetNextKey(MapFd map, Optional<byte[]> key) {
        synchronized (k) {
            return map(map).nextKey(key);
        }
    }

    @Override
    public void mapFreeze(MapFd map) {
        synchronized (k) {
            MapCommands.freeze(map(map));
        }
    }

    /** Takes the records a ring buffer or perf event array received, oldest first. */
    public List<byte[]> drainRecords(MapFd map) {
        synchronized (k) {
            return MapCommands.drainRecords(map(map));
        }
    }

    // --- BTF and programs. ---

    @Override
    public BtfFd btfLoad(byte[] rawBtf, LogOptions log) {
        synchronized (k) {
            if (!bpfCapable()) {
                throw new KernelException(Errno.EPERM, "BPF_BTF_LOAD needs CAP_BPF");
            }
            Btf parsed;
            try {
                parsed = BtfReader.read(rawBtf);
            } catch (BtfFormatException e) {
                throw new KernelException(Errno.EINVAL, "BTF: " + e.getMessage());
            }
            return (BtfFd) install(k.register(new SimBtf(k.nextId(Fd.Kind.BTF), rawBtf, parsed,
                    false)));
        }
    }

    @Override
    public LoadedProg progLoad(ProgLoadAttr attr) {
        synchronized (k) {
            return ProgLoader.load(this, attr);
        }
    }

    @Override
    public LoadedProg libraryLoad(ProgLoadAttr attr) {
        synchronized (k) {
            return ProgLoader.loadLibrary(this, attr);
        }
    }

    @Override
    public TestRunResult progTestRun(ProgFd prog, TestRunAttr attr) {
        synchronized (k) {
            return TestRunner.run(k, prog(prog), attr);
        }
    }

    // --- Objects. ---

    @Override
    public void objPin(Fd fd, String path) {
        synchronized (k) {
            k.bpffs.pin(path, object(fd));
        }
    }

    @Override
    public Fd objGet(String path) {
        synchronized (k) {
            return install(k.bpffs.get(path));
        }
    }

    /** unlink(2) of a pin: drops the pin's reference. */
    public void unpin(String path) {
        synchronized (k) {
            k.bpffs.unpin(path, k);
        }
    }

    @Override
    public Optional<ObjectId> nextId(Fd.Kind kind, int after) {
        synchronized (k) {
            requireSysAdmin("BPF_" + kind + "_GET_NEXT_ID");
            return k.idAfter(kind, after);
        }
    }

    @Override
    public Fd fdById(ObjectId id) {
        synchronized (k) {
            requireSysAdmin("BPF_" + id.kind() + "_GET_FD_BY_ID");
            KernelObject o = k.byId(id).orElseThrow(() -> new KernelException(Errno.ENOENT,
                    "no " + id));
            return install(o);
        }
    }

    @Override
    public ProgInfo progInfo(ProgFd fd) {
        synchronized (k) {
            SimProg p = prog(fd);
            return new ProgInfo(p.id(), p.type, p.name, p.insnCount, p.verifiedInsns,
                    p.maps.stream().map(KernelObject::id).collect(Collectors.toList()),
                    p.btf.map(KernelObject::id), p.tag);
        }
    }

    @Override
    public MapInfo mapInfo(MapFd fd) {
        synchronized (k) {
            return MapCommands.info(map(fd));
        }
    }

    @Override
    public BtfInfo btfInfo(BtfFd fd) {
        synchronized (k) {
            SimBtf b = btf(fd);
            return new BtfInfo(b.id(), b.raw.length, b.kernel ? "vmlinux" : "", b.kernel);
        }
    }

    @Override
    public byte[] btfData(BtfFd fd) {
        synchronized (k) {
            return btf(fd).raw.clone();
        }
    }

    @Override
    public void close(Fd fd) {
        synchronized (k) {
            object(fd);
            fds.remove(fd.value()).putUser(k);
        }
    }

    // --- Links and attach points (Links, HookAttach). ---

    @Override
    public LinkFd linkCreate(LinkCreateAttr attr) {
        synchronized (k) {
            return Links.create(this, attr);
        }
    }

    @Override
    public void linkUpdate(LinkFd link, LinkUpdateAttr attr) {
        synchronized (k) {
            Links.update(this, link, attr);
        }
    }

    @Override
    public void linkDetach(LinkFd link) {
        synchronized (k) {
            link(link).detach(k);
        }
    }

    @Override
    public LinkInfo linkInfo(LinkFd link) {
        synchronized (k) {
            return link(link).info();
        }
    }

    @Override
    public void progAttach(ProgAttachAttr attr) {
        synchronized (k) {
            HookAttach.progAttach(this, attr);
        }
    }

    @Override
    public void progDetach(ProgAttachAttr attr) {
        synchronized (k) {
            HookAttach.progDetach(this, attr);
        }
    }

    @Override
    public ProgQueryResult progQuery(Ifindex ifindex, AttachType attachType) {
        synchronized (k) {
            return HookAttach.query(this, ifindex, attachType);
        }
    }

    // --- Simulator API: netlink XDP and the 2019 chain-call RFC (neither is bpf(2) today). ---

    /**
     * Netlink XDP attach without a link ({@code IFLA_XDP_FD}, {@code IFLA_XDP_FLAGS},
     * {@code IFLA_XDP_EXPECTED_FD}): installs {@code prog} (or removes the program when empty)
     * under the {@code XDP_FLAGS_*} policy flags, e.g. {@code XDP_FLAGS_REPLACE} (16) with
     * {@code expected}, {@code XDP_FLAGS_UPDATE_IF_NOEXIST} (1). A hook held by a link refuses.
     */
    public void xdpAttach(Ifindex ifindex, Optional<ProgFd> prog, int xdpFlags,
            Optional<ProgFd> expected) {
        synchronized (k) {
            HookAttach.xdpAttach(this, k.device(ifindex), prog.map(this::prog), xdpFlags,
                    expected.map(this::prog));
        }
    }

    /** The id of the program on a device's XDP hook, as netlink's IFLA_XDP_PROG_ID. */
    public Optional<ObjectId> xdpQuery(Ifindex ifindex) {
        synchronized (k) {
            return Optional.ofNullable(k.device(ifindex).xdpProg).map(KernelObject::id);
        }
    }

    /**
     * The RFC's BPF_PROG_CHAIN_ADD: after {@code prev} returns {@code retcode} (or anything, for
     * {@link SimKernel#CHAIN_WILDCARD}), {@code next} runs on the same packet.
     */
    public void chainAdd(ProgFd prev, int retcode, ProgFd next) {
        synchronized (k) {
            requireChainCalls();
            ChainCalls.add(k, prog(prev), retcode, prog(next));
        }
    }

    /** BPF_PROG_CHAIN_DEL. */
    public void chainDel(ProgFd prev, int retcode) {
        synchronized (k) {
            requireChainCalls();
            ChainCalls.del(k, prog(prev), retcode);
        }
    }

    /** BPF_PROG_CHAIN_GET: the id of the program chained after {@code prev} for {@code retcode}. */
    public ObjectId chainGet(ProgFd prev, int retcode) {
        synchronized (k) {
            requireChainCalls();
            return ChainCalls.get(prog(prev), retcode);
        }
    }

    private void requireChainCalls() {
        if (!k.chainCallsEnabled()) {
            throw new KernelException(Errno.EINVAL, "BPF_PROG_CHAIN_* are commands of the 2019"
                    + " RFC only; enable them with SimKernel.enableChainCallsRfc2019()");
        }
    }
}
