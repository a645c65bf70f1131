package dev.ebld.loader.linux;

import dev.ebld.btf.Btf;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfInfo;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.KernelHandle;
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
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Linux kernel this JVM runs on, behind {@link Kernel}: every command is the bpf(2) system
 * call, made through {@code java.lang.foreign} with {@code union bpf_attr} laid out as
 * include/uapi/linux/bpf.h ({@link MapAttrs}, {@link ProgAttrs}, {@link ObjAttrs},
 * {@link LinkAttrs}, {@link InfoStructs}); a failure is a {@code KernelException} with the
 * kernel's errno. The machine facts come from where libbpf reads them ({@link MachineFacts}).
 *
 * <p>Fd ownership: the fds this object hands out are real fds of the JVM's process, owned by this
 * object until {@link #close(Fd)} closes one; {@link #close()} closes all still open, as the
 * end of a process would (objects held elsewhere, by a pin or another fd, live on). An fd this
 * object did not open is never closed by it (EBADF), since the JVM's own files share the table.
 *
 * <p>Threads: one LinuxKernel may be used from several threads at once. Each call builds its
 * {@code bpf_attr} in a confined arena of its own, opened and closed on the calling thread, and
 * the fd table is concurrent; the kernel serializes what needs it. What stays the caller's to
 * order is what {@code close(2)} leaves to any process: an fd closed by one thread while another
 * still uses it (the number may already name a new object), and {@link #close()} racing with
 * calls that open new fds (those stay open until the next {@code close()}).
 *
 * <p>The process needs the privileges the commands need (CAP_BPF, CAP_SYS_ADMIN for ids,
 * CAP_NET_ADMIN for device hooks); without them the kernel's EPERM comes back as it is. The JVM
 * needs {@code --enable-native-access} for this module.
 */
public final class LinuxKernel implements KernelHandle {
    private final FdTable fds = new FdTable();
    private final MachineFacts facts;

    /** The running kernel, its facts read from {@code /}. */
    public LinuxKernel() {
        this(Path.of("/"));
    }

    /**
     * The running kernel, with its facts (cpus, release, BTF, kallsyms, config) read under
     * {@code root} instead of {@code /}; bpf(2) still goes to the running kernel.
     */
    public LinuxKernel(Path root) {
        this.facts = new MachineFacts(root, MachineFacts.runningRelease(root));
    }

    /** How many fds this object holds open. */
    public int openFds() {
        return fds.size();
    }

    // --- Facts. ---

    @Override
    public ByteOrder byteOrder() {
        return ByteOrder.nativeOrder();
    }

    @Override
    public int possibleCpus() {
        return facts.possibleCpus();
    }

    @Override
    public int kernelVersion() {
        return facts.kernelVersion();
    }

    @Override
    public Btf vmlinuxBtf() {
        return facts.vmlinuxBtf();
    }

    @Override
    public OptionalLong kallsyms(String name) {
        Long a = facts.kallsyms().get(name);
        return a == null ? OptionalLong.empty() : OptionalLong.of(a);
    }

    @Override
    public Map<String, String> kconfig() {
        return facts.kconfig();
    }

    // --- Maps. ---

    @Override
    public MapFd mapCreate(MapCreateAttr attr) {
        return MapCalls.create(fds, attr);
    }

    @Override
    public Optional<byte[]> mapLookup(MapFd map, byte[] key) {
        return MapCalls.lookup(shape(map), key);
    }

    @Override
    public void mapUpdate(MapFd map, byte[] key, byte[] value, UpdateMode mode) {
        MapCalls.update(shape(map), key, value, mode);
    }

    @Override
    public void mapDelete(MapFd map, byte[] key) {
        MapCalls.delete(shape(map), key);
    }

    @Override
    public Optional<byte[]> mapGetNextKey(MapFd map, Optional<byte[]> key) {
        return MapCalls.nextKey(shape(map), key);
    }

    @Override
    public void mapFreeze(MapFd map) {
        MapCalls.freeze(shape(map));
    }

    /** The map's name and sizes: asked of the kernel once per fd this object holds. */
    private MapCalls.Shape shape(MapFd map) {
        return fds.shape(map, () -> MapCalls.shape(map, possibleCpus()));
    }

    // --- BTF and programs. ---

    @Override
    public BtfFd btfLoad(byte[] rawBtf, LogOptions log) {
        return ObjectCalls.btfLoad(fds, rawBtf, log);
    }

    /**
     * Loads the program; verifiedInsns comes from the program's info, as bpftool shows it. Should
     * that info call fail, the new fd is closed before the failure goes up: the caller never saw
     * it, so nobody else could.
     */
    @Override
    public LoadedProg progLoad(ProgLoadAttr attr) {
        ProgCalls.Loaded loaded = ProgCalls.load(fds, attr, kernelVersion());
        try {
            return new LoadedProg(loaded.fd(), loaded.log(), ObjectCalls.verifiedInsns(loaded.fd()));
        } catch (RuntimeException e) {
            fds.closeQuietly(loaded.fd(), e);
            throw e;
        }
    }

    @Override
    public TestRunResult progTestRun(ProgFd prog, TestRunAttr attr) {
        return ProgCalls.testRun(prog, attr);
    }

    // --- Objects. ---

    @Override
    public void objPin(Fd fd, String path) {
        ObjectCalls.pin(fd, path);
    }

    @Override
    public Fd objGet(String path) {
        return ObjectCalls.get(fds, path);
    }

    @Override
    public Optional<ObjectId> nextId(Fd.Kind kind, int after) {
        return ObjectCalls.nextId(kind, after);
    }

    @Override
    public Fd fdById(ObjectId id) {
        return ObjectCalls.fdById(fds, id);
    }

    @Override
    public ProgInfo progInfo(ProgFd prog) {
        return ObjectCalls.progInfo(prog);
    }

    @Override
    public MapInfo mapInfo(MapFd map) {
        return ObjectCalls.mapInfo(map);
    }

    @Override
    public BtfInfo btfInfo(BtfFd btf) {
        return ObjectCalls.btfInfo(btf);
    }

    @Override
    public byte[] btfData(BtfFd btf) {
        return ObjectCalls.btfData(btf);
    }

    @Override
    public void close(Fd fd) {
        fds.close(fd);
    }

    /** Closes every fd this object still holds. */
    @Override
    public void close() {
        fds.closeAll();
    }

    // --- Links and attach points. ---

    @Override
    public LinkFd linkCreate(LinkCreateAttr attr) {
        return LinkCalls.create(fds, attr);
    }

    @Override
    public void linkUpdate(LinkFd link, LinkUpdateAttr attr) {
        LinkCalls.update(link, attr);
    }

    @Override
    public void linkDetach(LinkFd link) {
        LinkCalls.detach(link);
    }

    @Override
    public LinkInfo linkInfo(LinkFd link) {
        return LinkCalls.info(link);
    }

    @Override
    public void progAttach(ProgAttachAttr attr) {
        LinkCalls.attach(BpfCmd.PROG_ATTACH, attr);
    }

    @Override
    public void progDetach(ProgAttachAttr attr) {
        LinkCalls.attach(BpfCmd.PROG_DETACH, attr);
    }

    @Override
    public ProgQueryResult progQuery(Ifindex ifindex, AttachType attachType) {
        return LinkCalls.query(ifindex, attachType);
    }
}
