package dev.ebld.loader.kernel;

import dev.ebld.btf.Btf;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The bpf(2) system call as one process sees it. Every method mirrors one command
 * ({@code BPF_MAP_CREATE} is {@link #mapCreate}, {@code BPF_PROG_LOAD} is {@link #progLoad}, ...),
 * takes typed handles, and fails with a {@link KernelException} carrying the kernel's errno.
 * File descriptors belong to this process; ids are global to the kernel behind it.
 *
 * <p>The loader talks to nothing else, so it runs the same against the simulated kernel (the
 * embedded default, {@code dev.ebld.loader.sim}) and against a real Linux kernel (a later backend
 * in its own module). Nothing here may assume the simulated one.
 *
 * <p>Links and attach points: {@code BPF_LINK_CREATE} attaches a program to a {@link LinkTarget}
 * and returns a {@link LinkFd}; the attachment lives while an fd or a pin holds the link (seed
 * 002), and only a holder of such an fd can update or detach it. {@code BPF_PROG_ATTACH} attaches
 * to a multi-program hook without a link. Device operations that are not bpf(2) in Linux (create
 * a device, netlink XDP attach) are not here: they belong to the kernel behind this interface.
 */
public interface Kernel {

    // --- What the kernel is: the facts a loader reads from sysfs, procfs and uname. ---

    /** The byte order of the machine; an object of the other order cannot load here. */
    ByteOrder byteOrder();

    /** How many possible CPUs: per-CPU map values hold one slot, rounded to 8 bytes, per CPU. */
    int possibleCpus();

    /** {@code LINUX_VERSION_CODE} of the running kernel, as {@code KERNEL_VERSION(a, b, c)}. */
    int kernelVersion();

    /** The kernel's own BTF ({@code /sys/kernel/btf/vmlinux}). */
    Btf vmlinuxBtf();

    /** A kernel symbol's address ({@code /proc/kallsyms}), for untyped ksym externs. */
    OptionalLong kallsyms(String name);

    /** The kernel's configuration ({@code /proc/config.gz}): {@code CONFIG_X} to its value text. */
    Map<String, String> kconfig();

    // --- Maps. Keys and values are raw bytes of the map's key and value size. ---

    /** {@code BPF_MAP_CREATE}. */
    MapFd mapCreate(MapCreateAttr attr);

    /** {@code BPF_MAP_LOOKUP_ELEM}; empty where the kernel answers {@code ENOENT}. */
    Optional<byte[]> mapLookup(MapFd map, byte[] key);

    /** {@code BPF_MAP_UPDATE_ELEM}. */
    void mapUpdate(MapFd map, byte[] key, byte[] value, UpdateMode mode);

    /** {@code BPF_MAP_DELETE_ELEM}. */
    void mapDelete(MapFd map, byte[] key);

    /**
     * {@code BPF_MAP_GET_NEXT_KEY}: the key after {@code key}, or the first key when {@code key}
     * is empty; empty at the end.
     */
    Optional<byte[]> mapGetNextKey(MapFd map, Optional<byte[]> key);

    /** {@code BPF_MAP_FREEZE}: no more writes from user space. */
    void mapFreeze(MapFd map);

    // --- BTF and programs. ---

    /** {@code BPF_BTF_LOAD} of raw BTF bytes (header, types, strings). */
    BtfFd btfLoad(byte[] rawBtf, LogOptions log);

    /**
     * {@code BPF_PROG_LOAD}. A refusal is a {@link ProgLoadException} with the verifier log.
     */
    LoadedProg progLoad(ProgLoadAttr attr);

    /**
     * ebld's library load (no Linux kernel has it; see docs/design.md "Dynamic calls"): one
     * global function, with the functions it calls, loaded and verified with no program type
     * ({@code ProgType.UNSPEC}) and no attach point, against its BTF prototype alone. Other
     * programs then call it through dynamic calls naming this fd in their fd array. A kernel
     * without dynamic linking refuses it with {@code EOPNOTSUPP}.
     */
    default LoadedProg libraryLoad(ProgLoadAttr attr) {
        throw new KernelException(Errno.EOPNOTSUPP, "library " + attr.name()
                + ": this kernel has no dynamic linking (library loads and dynamic calls)");
    }

    /** {@code BPF_PROG_TEST_RUN}. */
    TestRunResult progTestRun(ProgFd prog, TestRunAttr attr);

    // --- Objects: pins, ids, info, and closing fds. ---

    /** {@code BPF_OBJ_PIN} under the bpffs mount, for example {@code /sys/fs/bpf/xdp/main}. */
    void objPin(Fd fd, String path);

    /** {@code BPF_OBJ_GET}: a new fd for a pinned object. */
    Fd objGet(String path);

    /** {@code BPF_*_GET_NEXT_ID}: the first id above {@code after} of that kind, if any. */
    Optional<ObjectId> nextId(Fd.Kind kind, int after);

    /** {@code BPF_*_GET_FD_BY_ID}; needs CAP_SYS_ADMIN ({@code EPERM} without). */
    Fd fdById(ObjectId id);

    /** {@code BPF_OBJ_GET_INFO_BY_FD} for a program. */
    ProgInfo progInfo(ProgFd prog);

    /** {@code BPF_OBJ_GET_INFO_BY_FD} for a map. */
    MapInfo mapInfo(MapFd map);

    /** {@code BPF_OBJ_GET_INFO_BY_FD} for a BTF object. */
    BtfInfo btfInfo(BtfFd btf);

    /** The raw bytes of a loaded BTF object ({@code BPF_OBJ_GET_INFO_BY_FD}'s {@code btf}). */
    byte[] btfData(BtfFd btf);

    /** {@code close(2)}: drops this fd's reference; the object lives while others hold it. */
    void close(Fd fd);

    // --- Links and attach points. ---

    /** {@code BPF_LINK_CREATE}. */
    LinkFd linkCreate(LinkCreateAttr attr);

    /** {@code BPF_LINK_UPDATE}: the link runs {@code attr.newProg()} from now on. */
    void linkUpdate(LinkFd link, LinkUpdateAttr attr);

    /**
     * {@code BPF_LINK_DETACH}: detaches the link from its hook while the fd stays valid
     * ({@code EOPNOTSUPP} for link kinds the kernel cannot detach this way).
     */
    void linkDetach(LinkFd link);

    /** {@code BPF_OBJ_GET_INFO_BY_FD} for a link. */
    LinkInfo linkInfo(LinkFd link);

    /** {@code BPF_PROG_ATTACH} to a multi-program hook (tcx). */
    void progAttach(ProgAttachAttr attr);

    /** {@code BPF_PROG_DETACH} from a multi-program hook (tcx). */
    void progDetach(ProgAttachAttr attr);

    /** {@code BPF_PROG_QUERY} of a device hook. */
    ProgQueryResult progQuery(Ifindex ifindex, AttachType attachType);
}
