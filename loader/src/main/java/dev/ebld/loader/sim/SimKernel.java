package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Executor;
import dev.ebld.loader.interp.BytecodeExecutor;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.interp.RunState;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.verifier.SafetyVerifier;
import dev.ebld.loader.verifier.Verifier;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One simulated machine: the kernel-global state every process shares. It owns the BPF objects
 * by id, the bpffs namespace of pins, the memory programs run in, the kernel's BTF, and the facts
 * a loader reads about a kernel (CPUs, version, kallsyms, kconfig), all settable for tests.
 * Processes ({@link #process}) each have their own fd table and capabilities and talk to the
 * machine through the {@link dev.ebld.loader.kernel.Kernel} interface.
 *
 * <p>It also has network devices ({@link #createDevice}), each with an XDP hook and tcx ingress
 * and egress hooks, into which packets are injected ({@link #inject}). Creating a device and
 * attaching XDP without a link are netlink operations in Linux, not bpf(2), so they are
 * simulator API here ({@link #createDevice}, {@link SimProcess#xdpAttach}) and not part of
 * {@link dev.ebld.loader.kernel.Kernel}.
 *
 * <p>Thread-safe by one lock: every command of every process, every injected packet and every
 * run synchronises on the machine, so attach, detach and link updates from several threads are
 * serialised as the kernel serialises them under rtnl.
 */
public final class SimKernel {
    /** The kernel's version: 6.18.0 like this project's test machines. */
    public static final int DEFAULT_VERSION = (6 << 16) | (18 << 8);

    private final AddressSpace space = new AddressSpace();
    private final EnumMap<Fd.Kind, TreeMap<Integer, KernelObject>> objects = new EnumMap<>(Fd.Kind.class);
    private final EnumMap<Fd.Kind, Integer> lastId = new EnumMap<>(Fd.Kind.class);
    final BpfFs bpffs = new BpfFs();
    final IdentityHashMap<Region, RecordMap> openRecords = new IdentityHashMap<>();
    private final StringBuilder trace = new StringBuilder();
    private final SimHelpers helpers = new SimHelpers(this);
    private Verifier verifier = new SafetyVerifier();
    private Executor executor = new BytecodeExecutor();
    private int possibleCpus = 2;
    private int kernelVersion = DEFAULT_VERSION;
    private Btf vmlinux;
    private final Map<String, Long> kallsyms = new LinkedHashMap<>();
    private final Map<String, String> kconfig = new LinkedHashMap<>();
    private LongSupplier clock = System::nanoTime;
    private long pidTgid = 1000L << 32 | 1000L;
    private String comm = "ebld-sim";
    private long currentTask;
    private long runBudget = RunState.DEFAULT_BUDGET;
    private RunState runState;
    private final TreeMap<Integer, SimDevice> devices = new TreeMap<>();
    private final java.util.List<RawTpLink> rawTracepoints = new java.util.ArrayList<>();
    private boolean chainCalls;

    /**
     * The load flag by which a program opts in to chain calls (the 2019 RFC's
     * {@code BPF_F_CHAIN_CALLS}, moved to a bit Linux does not use, since the RFC's bit is now
     * {@code BPF_F_SLEEPABLE}). Accepted only after {@link #enableChainCallsRfc2019()}.
     */
    public static final int F_CHAIN_CALLS_RFC2019 = 1 << 30;
    /** The chain-call return code that matches any return code. */
    public static final int CHAIN_WILDCARD = ChainCalls.WILDCARD;

    public SimKernel() {
        for (Fd.Kind k : Fd.Kind.values()) {
            objects.put(k, new TreeMap<>());
            lastId.put(k, 0);
        }
        kconfig.put("CONFIG_BPF", "y");
        kconfig.put("CONFIG_BPF_SYSCALL", "y");
        kconfig.put("CONFIG_BPF_JIT", "y");
        kconfig.put("CONFIG_DEBUG_INFO_BTF", "y");
        devices.put(1, new SimDevice(new Ifindex(1), "lo"));
    }

    /** A process with these capabilities and an empty fd table. */
    public SimProcess process(Set<Capability> caps) {
        return new SimProcess(this, caps);
    }

    /** A process with every capability (root). */
    public SimProcess rootProcess() {
        return process(java.util.EnumSet.allOf(Capability.class));
    }

    // --- Settings, for tests. Each returns this. ---

    /**
     * The verifier {@code progLoad} asks. The default is {@link SafetyVerifier}, which refuses
     * what the kernel's verifier would; {@link dev.ebld.loader.verifier.StructuralVerifier}
     * checks structure only, for running programs the safety verifier does not model yet.
     */
    public SimKernel verifier(Verifier v) {
        verifier = Objects.requireNonNull(v, "verifier");
        return this;
    }

    public SimKernel executor(Executor e) {
        executor = Objects.requireNonNull(e, "executor");
        return this;
    }

    public SimKernel possibleCpus(int n) {
        if (n < 1 || n > 4096) {
            throw new IllegalArgumentException("cpus " + n);
        }
        possibleCpus = n;
        return this;
    }

    public SimKernel kernelVersion(int version) {
        kernelVersion = version;
        return this;
    }

    /** Uses {@code btf} (for example a real {@code /sys/kernel/btf/vmlinux}) as the kernel's BTF. */
    public SimKernel vmlinuxBtf(Btf btf) {
        vmlinux = Objects.requireNonNull(btf, "btf");
        return this;
    }

    /** Reads a raw BTF file (for example {@code /sys/kernel/btf/vmlinux}) as the kernel's BTF. */
    public SimKernel vmlinuxBtf(java.nio.file.Path rawBtf) throws java.io.IOException,
            dev.ebld.btf.BtfFormatException {
        return vmlinuxBtf(dev.ebld.btf.BtfReader.read(java.nio.file.Files.readAllBytes(rawBtf)));
    }

    public SimKernel kallsym(String name, long address) {
        kallsyms.put(name, address);
        return this;
    }

    public SimKernel kconfig(String name, String value) {
        kconfig.put(name, value);
        return this;
    }

    /** The clock bpf_ktime_get_ns reads (default System.nanoTime). */
    public SimKernel clock(LongSupplier c) {
        clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /**
     * The task programs run for: what bpf_get_current_pid_tgid returns (tgid in the high half,
     * pid in the low) and the current task_struct's pid, tgid and comm.
     */
    public synchronized SimKernel currentTask(int pid, int tgid, String command) {
        pidTgid = (long) tgid << 32 | (pid & 0xffff_ffffL);
        comm = Objects.requireNonNull(command, "command");
        currentTask = 0;
        return this;
    }

    /** The instruction budget of each program run. */
    public SimKernel runBudget(long instructions) {
        if (instructions <= 0) {
            throw new IllegalArgumentException("budget " + instructions);
        }
        runBudget = instructions;
        return this;
    }

    /**
     * Maps {@code bytes} as kernel memory that bpf_probe_read_kernel can read; returns the
     * address of its first byte.
     */
    public synchronized long addKernelMemory(String name, byte[] bytes) {
        return AddressSpace.pointer(space.add(Region.memory(name, bytes.clone(), 0, bytes.length,
                false)), 0);
    }

    /** Takes the lines bpf_trace_printk wrote so far (the trace_pipe). */
    public synchronized String drainTrace() {
        String s = trace.toString();
        trace.setLength(0);
        return s;
    }

    /**
     * Turns on the never-merged XDP chain calls of 2019 (seed 004): programs loaded with
     * {@link #F_CHAIN_CALLS_RFC2019} get chain slots, set with {@link SimProcess#chainAdd}.
     */
    public synchronized SimKernel enableChainCallsRfc2019() {
        chainCalls = true;
        return this;
    }

    synchronized boolean chainCallsEnabled() {
        return chainCalls;
    }

    // --- Network devices (netlink in Linux; simulator API here). ---

    /** Creates a network device, with the next free ifindex (lo is 1). */
    public synchronized Ifindex createDevice(String name) {
        if (devices.values().stream().anyMatch(d -> d.name.equals(name))) {
            throw new KernelException(Errno.EEXIST, "device " + name + " exists");
        }
        Ifindex idx = new Ifindex(devices.lastKey() + 1);
        devices.put(idx.value(), new SimDevice(idx, name));
        return idx;
    }

    SimDevice device(Ifindex idx) {
        return findDevice(idx.value()).orElseThrow(() -> new KernelException(Errno.ENODEV,
                "no device with " + idx));
    }

    /** The device with {@code ifindex}, as dev_get_by_index finds it. */
    java.util.Optional<SimDevice> findDevice(int ifindex) {
        return java.util.Optional.ofNullable(devices.get(ifindex));
    }

    /**
     * A frame arriving on device {@code idx}: XDP first, then, if XDP passes it, the tcx ingress
     * chain. Returns who decided what, and the frame as it leaves.
     */
    public synchronized InjectResult inject(Ifindex idx, byte[] frame) {
        return PacketPath.receive(this, device(idx), frame);
    }

    /**
     * A frame the stack sends out of device {@code idx}: the tcx egress chain runs; a frame it
     * passes is recorded as transmitted ({@link #drainTransmitted}).
     */
    public synchronized InjectResult send(Ifindex idx, byte[] frame) {
        return PacketPath.send(this, device(idx), frame);
    }

    /**
     * The frames device {@code idx} sent out (XDP_TX, an XDP redirect to it, {@link #send}), oldest
     * first; clears the record.
     */
    public synchronized java.util.List<byte[]> drainTransmitted(Ifindex idx) {
        SimDevice d = device(idx);
        java.util.List<byte[]> out = java.util.List.copyOf(d.transmitted);
        d.transmitted.clear();
        return out;
    }

    java.util.List<RawTpLink> rawTracepoints() {
        return rawTracepoints;
    }

    /**
     * Fires raw tracepoint {@code name} with {@code args} (the u64 arguments the program's
     * context holds): runs every program linked to it, in link order; returns their r0s.
     */
    public synchronized java.util.List<Long> fireRawTracepoint(String name, long... args) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (RawTpLink l : java.util.List.copyOf(rawTracepoints)) {
            if (l.tracepoint.equals(name)) {
                out.add(PacketPath.runRawTp(this, l.prog, args));
            }
        }
        return out;
    }

    // --- Kernel facts, for processes. ---

    int possibleCpus() {
        return possibleCpus;
    }

    int kernelVersion() {
        return kernelVersion;
    }

    synchronized Btf vmlinux() {
        if (vmlinux == null) {
            vmlinux = KernelBtf.load();
        }
        return vmlinux;
    }

    OptionalLong kallsyms(String name) {
        Long v = kallsyms.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    Map<String, String> kconfig() {
        return Map.copyOf(kconfig);
    }

    Verifier verifierImpl() {
        return verifier;
    }

    Executor executorImpl() {
        return executor;
    }

    SimHelpers helpers() {
        return helpers;
    }

    AddressSpace space() {
        return space;
    }

    LongSupplier clock() {
        return clock;
    }

    long currentPidTgid() {
        return pidTgid;
    }

    /** bpf_get_current_task: the current task_struct, built on first use from the kernel BTF. */
    long currentTaskAddress() {
        if (currentTask == 0) {
            currentTask = TaskMemory.build(space, vmlinux(), pidTgid, comm);
        }
        return currentTask;
    }

    /** The run state test runs reuse (stack frames allocated once), with the current budget. */
    RunState runState() {
        if (runState == null) {
            runState = new RunState(space, helpers);
        }
        return runState.budget(runBudget);
    }

    long tracePrintk(String line) {
        trace.append(line);
        if (!line.endsWith("\n")) {
            trace.append('\n');
        }
        return line.length();
    }

    // --- Objects by id. ---

    /** The next id of {@code kind}; ids are never reused, as the kernel's idr cyclic allocation. */
    int nextId(Fd.Kind kind) {
        int id = lastId.get(kind) + 1;
        lastId.put(kind, id);
        return id;
    }

    <T extends KernelObject> T register(T o) {
        objects.get(o.kind()).put(o.id().value(), o);
        return o;
    }

    Optional<KernelObject> byId(ObjectId id) {
        return Optional.ofNullable(objects.get(id.kind()).get(id.value()));
    }

    Optional<ObjectId> idAfter(Fd.Kind kind, int after) {
        Map.Entry<Integer, KernelObject> e = objects.get(kind).higherEntry(after);
        return e == null ? Optional.empty() : Optional.of(e.getValue().id());
    }

    void forget(KernelObject o) {
        objects.get(o.kind()).remove(o.id().value());
    }

    /** How many objects of {@code kind} are alive (tests check that references are dropped). */
    public synchronized int liveObjects(Fd.Kind kind) {
        return objects.get(kind).size();
    }

    /**
     * The reference count of a live object (fds, pins, links and programs that hold it), for
     * tools that show the kernel's state ({@code ebld sim}); empty once it is freed.
     */
    public synchronized java.util.OptionalInt references(ObjectId id) {
        return byId(id).map(o -> java.util.OptionalInt.of(o.references()))
                .orElse(java.util.OptionalInt.empty());
    }
}
