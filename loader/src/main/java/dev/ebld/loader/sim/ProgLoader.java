package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnCodec;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.HelperIds;
import dev.ebld.loader.interp.Helpers;
import dev.ebld.loader.interp.ProgramImage;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LoadedProg;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.verifier.Rejection;
import dev.ebld.loader.verifier.Verdict;
import dev.ebld.loader.verifier.VerifierEnv;
import dev.ebld.loader.verifier.VerifierRequest;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code BPF_PROG_LOAD} in the order the kernel does it: capabilities and attributes
 * ({@code bpf_prog_load}), map references in {@code ld_imm64} ({@code resolve_pseudo_ldimm64}),
 * the verifier, then whether the simulation runs every helper called, then the image the
 * executor runs. The new program holds a reference
 * on every map its instructions name and on its BTF.
 */
final class ProgLoader {
    /** BPF_COMPLEXITY_LIMIT_INSNS: the most instructions a program may have. */
    static final int MAX_INSNS = 1_000_000;
    private static final int KNOWN_FLAGS = ProgLoadAttr.F_SLEEPABLE | ProgLoadAttr.F_XDP_HAS_FRAGS
            | 1 /* BPF_F_STRICT_ALIGNMENT */ | 1 << 1 /* BPF_F_ANY_ALIGNMENT */
            | 1 << 3 /* BPF_F_TEST_RND_HI32 */ | 1 << 2 /* BPF_F_TEST_STATE_FREQ */;

    /** The helper id libbpf writes over an instruction whose CO-RE relocation failed (0xbad2310). */
    private static final int CORE_POISON_CALL = 0xbad2310;

    private ProgLoader() {
    }

    static LoadedProg load(SimProcess proc, ProgLoadAttr attr) {
        return load(proc, attr, false);
    }

    /**
     * A library load (ebld's dynamic linking): one global function, with the functions it calls,
     * verified with no program type against its BTF prototype; other programs call it with
     * dynamic calls. It never runs on its own.
     */
    static LoadedProg loadLibrary(SimProcess proc, ProgLoadAttr attr) {
        return load(proc, attr, true);
    }

    private static LoadedProg load(SimProcess proc, ProgLoadAttr attr, boolean library) {
        SimKernel k = proc.kernel();
        checkCapabilities(proc, attr.type());
        checkAttrs(attr, k.chainCallsEnabled());
        List<SimMap> maps = resolveMaps(proc, attr);
        Optional<SimBtf> btf = attr.btf().map(b -> (SimBtf) proc.object(b.value()));
        if (library) {
            LibraryRules.check(attr, btf.map(b -> b.btf));
        }
        DynamicCalls calls = DynamicCalls.resolve(proc, attr);
        Set<Integer> pktChanging = Freplace.pktChangingEntries(attr.insns(), attr.funcInfo());
        ExtTarget ext = attr.type() == ProgType.EXT ? extTarget(proc, attr, btf, pktChanging) : null;
        // An extension is verified once, here, as a program of its target's type (seed 004).
        ProgType runType = ext != null ? ext.prog().runType : attr.type();
        Optional<AttachType> attachType = ext != null ? ext.prog().expectedAttachType
                : attr.expectedAttachType();
        // The verifier's leniencies (pointer leaks, uninitialised stack) follow CAP_PERFMON, as
        // the kernel's env->allow_ptr_leaks and allow_uninit_stack do (perfmon_capable()).
        VerifierRequest request = new VerifierRequest(runType, attachType, attr.name(),
                attr.insns(), btf.map(b -> b.btf), attr.funcInfo(), attr.lineInfo(),
                attr.log().level(), proc.perfmonCapable(), env(proc, calls));
        Verdict verdict = library ? k.verifierImpl().verifyLibrary(request)
                : k.verifierImpl().verify(request);
        if (!verdict.accepted()) {
            Rejection r = verdict.rejection().orElseThrow();
            throw new ProgLoadException(r.kind().errno(), "program " + attr.name()
                    + " rejected at insn " + r.insnIndex() + ": " + r.message(), verdict.log());
        }
        // The kernel's verifier judges helper calls (check_helper_call); whether this simulated
        // kernel can run them is a question only for a program its verifier took.
        checkHelpers(k, attr.insns());
        ProgramImage image = ProgramImage.decode(attr.name(), attr.insns(),
                (ld, slot) -> pseudoValue(proc, attr, ld, slot), calls::target);
        SimProg p = new SimProg(k.nextId(Fd.Kind.PROG), attr.type(), attr.expectedAttachType(),
                attr.name(), image, maps, btf, image.length(), verdict.verifiedInsns(),
                tag(attr.insns()), attr.funcInfo(), pktChanging);
        p.runType = runType;
        image.identify(p.id().value()); // so that a run fault names the program's id
        if (ext != null) {
            ext.prog().hold();
            p.dstProg = ext;
        }
        if ((attr.flags() & SimKernel.F_CHAIN_CALLS_RFC2019) != 0) {
            p.chain = new SimProg[ChainCalls.SLOTS];
        }
        maps.forEach(SimMap::hold);
        btf.ifPresent(SimBtf::hold);
        p.linkage = SimLinkage.of(btf.map(b -> b.btf), attr.funcInfo(), calls.callees());
        ProgFd fd = (ProgFd) proc.install(k.register(p));
        return new LoadedProg(fd, verdict.log(), verdict.verifiedInsns());
    }

    /**
     * An extension's target (attach_prog_fd, attach_btf_id) and the freplace checks against it,
     * failing as a load with the kernel's log line.
     */
    private static ExtTarget extTarget(SimProcess proc, ProgLoadAttr attr, Optional<SimBtf> btf,
            Set<Integer> pktChanging) {
        try {
            if (attr.attachProg().isEmpty() || attr.attachBtfId().isEmpty()) {
                throw new KernelException(Errno.EINVAL, "Extension program " + attr.name()
                        + " needs attach_prog_fd and attach_btf_id");
            }
            if (btf.isEmpty() || attr.funcInfo().isEmpty()) {
                throw new KernelException(Errno.EINVAL, "Extension program " + attr.name()
                        + " needs BTF with func_info for its prototype");
            }
            ExtTarget t = Freplace.target(proc.prog(attr.attachProg().get()),
                    attr.attachBtfId().get());
            Freplace.checkMatch(t, btf.get().btf, attr.funcInfo().get(0).typeId().value(),
                    pktChanging.contains(0));
            return t;
        } catch (KernelException e) {
            throw new ProgLoadException(e.errno(), "program " + attr.name() + ": " + e.reason(),
                    e.reason() + "\n");
        }
    }

    /**
     * Without CAP_BPF only socket filters and cgroup skb programs load; networking types also
     * need CAP_NET_ADMIN and tracing types CAP_PERFMON (bpf_prog_load's checks).
     */
    private static void checkCapabilities(SimProcess proc, ProgType t) {
        if (t != ProgType.SOCKET_FILTER && t != ProgType.CGROUP_SKB && !proc.bpfCapable()) {
            throw new ProgLoadException(Errno.EPERM, "loading a " + t + " program needs CAP_BPF", "");
        }
        if (netAdminType(t) && !proc.netAdminCapable()) {
            throw new ProgLoadException(Errno.EPERM, "loading a " + t
                    + " program needs CAP_NET_ADMIN", "");
        }
        if (perfmonType(t) && !proc.perfmonCapable()) {
            throw new ProgLoadException(Errno.EPERM, "loading a " + t
                    + " program needs CAP_PERFMON", "");
        }
    }

    /** Program types that need CAP_NET_ADMIN besides CAP_BPF (the kernel's is_net_admin_prog_type). */
    private static boolean netAdminType(ProgType t) {
        return switch (t) {
            case SCHED_CLS, SCHED_ACT, XDP, LWT_IN, LWT_OUT, LWT_XMIT, LWT_SEG6LOCAL, SK_SKB, SK_MSG,
                    FLOW_DISSECTOR, CGROUP_DEVICE, CGROUP_SOCK, CGROUP_SOCK_ADDR, CGROUP_SOCKOPT,
                    CGROUP_SYSCTL, SOCK_OPS, EXT, SK_LOOKUP, NETFILTER -> true;
            case UNSPEC, SOCKET_FILTER, KPROBE, TRACEPOINT, PERF_EVENT, CGROUP_SKB, RAW_TRACEPOINT,
                    LIRC_MODE2, SK_REUSEPORT, RAW_TRACEPOINT_WRITABLE, TRACING, STRUCT_OPS, LSM,
                    SYSCALL -> false;
        };
    }

    /** Program types that need CAP_PERFMON besides CAP_BPF (the kernel's is_perfmon_prog_type). */
    private static boolean perfmonType(ProgType t) {
        return switch (t) {
            case KPROBE, TRACEPOINT, PERF_EVENT, RAW_TRACEPOINT, RAW_TRACEPOINT_WRITABLE, TRACING, LSM,
                    STRUCT_OPS, EXT -> true;
            case UNSPEC, SOCKET_FILTER, SCHED_CLS, SCHED_ACT, XDP, CGROUP_SKB, CGROUP_SOCK, LWT_IN,
                    LWT_OUT, LWT_XMIT, SOCK_OPS, SK_SKB, CGROUP_DEVICE, SK_MSG, CGROUP_SOCK_ADDR,
                    LWT_SEG6LOCAL, LIRC_MODE2, SK_REUSEPORT, FLOW_DISSECTOR, CGROUP_SYSCTL,
                    CGROUP_SOCKOPT, SK_LOOKUP, SYSCALL, NETFILTER -> false;
        };
    }

    private static void checkAttrs(ProgLoadAttr attr, boolean chainCalls) {
        MapRules.checkName(attr.name());
        if (attr.insns().isEmpty()) {
            throw new ProgLoadException(Errno.EINVAL, "program " + attr.name()
                    + " has no instructions", "");
        }
        int slots = attr.insns().stream().mapToInt(Insn::width).sum();
        if (slots > MAX_INSNS) {
            throw new ProgLoadException(Errno.E2BIG, "program " + attr.name() + " has " + slots
                    + " instructions, more than " + MAX_INSNS, "");
        }
        int known = KNOWN_FLAGS | (chainCalls ? SimKernel.F_CHAIN_CALLS_RFC2019 : 0);
        if ((attr.flags() & ~known) != 0) {
            throw new ProgLoadException(Errno.EINVAL, String.format("program %s: unknown"
                    + " prog_flags 0x%x", attr.name(), attr.flags() & ~known), "");
        }
    }

    /** Every map an ld_imm64 names, once each, in first-use order (the program's used_maps). */
    private static List<SimMap> resolveMaps(SimProcess proc, ProgLoadAttr attr) {
        LinkedHashSet<SimMap> maps = new LinkedHashSet<>();
        int slot = 0;
        for (Insn insn : attr.insns()) {
            if (insn.kind() == Insn.Kind.LD_IMM64) {
                LdImm64 ld = (LdImm64) insn;
                if (ld.src() != PseudoSrc.IMM64 && ld.src() != PseudoSrc.FUNC) {
                    maps.add(mapOf(proc, attr, ld, slot));
                }
            }
            slot += insn.width();
        }
        return new ArrayList<>(maps);
    }

    private static SimMap mapOf(SimProcess proc, ProgLoadAttr attr, LdImm64 ld, int slot) {
        int fd = switch (ld.src()) {
            case MAP_FD, MAP_VALUE -> ld.lo();
            case MAP_IDX, MAP_IDX_VALUE -> {
                if (ld.lo() < 0 || ld.lo() >= attr.fdArray().size()) {
                    throw loadError(attr, slot, "fd_array index " + ld.lo() + " out of range");
                }
                yield attr.fdArray().get(ld.lo()).value();
            }
            case IMM64, BTF_ID, FUNC -> throw loadError(attr, slot, "ld_imm64 with " + ld.src()
                    + " is not supported by the simulated kernel");
        };
        KernelObject o = objectAt(proc, attr, fd, slot);
        if (!(o instanceof SimMap)) {
            throw loadError(attr, slot, "fd " + fd + " is not pointing to valid bpf_map");
        }
        return (SimMap) o;
    }

    /** The object behind an fd an instruction names; EBADF if the fd is not open. */
    static KernelObject objectAt(SimProcess proc, ProgLoadAttr attr, int fd, int slot) {
        try {
            return proc.object(fd);
        } catch (KernelException e) {
            throw new ProgLoadException(Errno.EBADF, "program " + attr.name() + ": insn " + slot
                    + ": fd " + fd + " is not open", "");
        }
    }

    private static ProgLoadException loadError(ProgLoadAttr attr, int slot, String why) {
        return new ProgLoadException(Errno.EINVAL, "program " + attr.name() + ": insn " + slot
                + ": " + why, why + "\n");
    }

    /** The value an ld_imm64 loads at run time: a map's handle, or a pointer into its value. */
    private static long pseudoValue(SimProcess proc, ProgLoadAttr attr, LdImm64 ld, int slot) {
        SimMap m = mapOf(proc, attr, ld, slot);
        if (ld.src() == PseudoSrc.MAP_FD || ld.src() == PseudoSrc.MAP_IDX) {
            return AddressSpace.pointer(m.handle, 0);
        }
        long off = ld.hi() & 0xffff_ffffL;
        if (!(m instanceof ArrayMap) || m.type() != MapType.ARRAY || m.attr.maxEntries() != 1
                || off >= m.attr.valueSize()) {
            throw loadError(attr, slot, "direct value access into map " + m.attr.name()
                    + " at offset " + off + " needs a one-element array with that many bytes");
        }
        return AddressSpace.pointer(((ArrayMap) m).region(0, 0), off);
    }

    /**
     * Helper calls must name a helper the simulated kernel implements. libbpf's poisoned call
     * (a CO-RE relocation that failed, on code the program guards with a CO-RE existence check)
     * is left to the verifier: the kernel refuses it only where it is reachable, with the same
     * "invalid func unknown#195896080".
     */
    private static void checkHelpers(SimKernel k, List<Insn> insns) {
        int slot = 0;
        for (Insn insn : insns) {
            if (insn.kind() == Insn.Kind.CALL && ((Jump.Call) insn).target() == CallKind.HELPER) {
                int id = ((Jump.Call) insn).imm();
                if (id != CORE_POISON_CALL && !Helpers.runByInterpreter(id)
                        && !k.helpers().supports(id)) {
                    String what = HelperIds.name(id).isPresent() ? "helper "
                            + HelperIds.describe(id) + " is not supported by the simulated kernel"
                            : "invalid func unknown#" + id;
                    throw new ProgLoadException(Errno.EINVAL, "insn " + slot + ": " + what,
                            what + "\n");
                }
            }
            slot += insn.width();
        }
    }

    private static VerifierEnv env(SimProcess proc, DynamicCalls calls) {
        return new VerifierEnv() {
            @Override
            public Optional<Callee> callee(int fdIndex, int btfId) {
                return calls.callee(fdIndex, btfId);
            }

            @Override
            public Optional<MapFacts> map(int fd) {
                try {
                    KernelObject o = proc.object(fd);
                    return o instanceof SimMap ? Optional.of(facts((SimMap) o)) : Optional.empty();
                } catch (KernelException e) {
                    return Optional.empty();
                }
            }

            @Override
            public Btf kernelBtf() {
                return proc.kernel().vmlinux();
            }
        };
    }

    static VerifierEnv.MapFacts facts(SimMap m) {
        boolean ro = m.frozen && !m.progWritable();
        Optional<byte[]> value = ro && m instanceof ArrayMap && m.attr.maxEntries() == 1
                ? m.lookup(new byte[4]) : Optional.empty();
        return new VerifierEnv.MapFacts(m.type(), m.attr.keySize(), m.attr.valueSize(),
                m.attr.maxEntries(), m.attr.flags(), ro, value,
                m instanceof ObjectMap o ? o.innerTemplate().map(ProgLoader::facts) : Optional.empty());
    }

    /**
     * The program tag: the first 8 bytes of the SHA-1 of its instructions with the map fds of
     * ld_imm64 zeroed, so the tag does not depend on fd numbers, as bpf_prog_calc_tag.
     */
    private static String tag(List<Insn> insns) {
        List<Insn> stable = new ArrayList<>(insns.size());
        for (Insn i : insns) {
            boolean map = i.kind() == Insn.Kind.LD_IMM64 && ((LdImm64) i).src() != PseudoSrc.IMM64
                    && ((LdImm64) i).src() != PseudoSrc.FUNC;
            stable.add(map ? ((LdImm64) i).withImm(0) : i);
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-1")
                    .digest(InsnCodec.encodeAll(stable, ByteOrder.LITTLE_ENDIAN));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
