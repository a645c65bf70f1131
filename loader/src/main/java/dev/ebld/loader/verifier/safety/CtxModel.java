package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.verifier.state.RegType;
import java.util.Optional;
import java.util.Set;

/**
 * Which context fields a program type may read or write, with which sizes, and what a load
 * yields (a scalar, or a packet pointer). Mirrors the kernel's per-type {@code is_valid_access}
 * callbacks: {@code xdp_is_valid_access}, {@code tc_cls_act_is_valid_access} over
 * {@code bpf_skb_is_valid_access}, {@code sk_filter_is_valid_access} and
 * {@code cg_skb_is_valid_access} ({@link SkbRules}), {@code bpf_tracing_ctx_access} (raw_tp) and
 * {@code syscall_prog_is_valid_access}.
 */
public final class CtxModel {
    /** The modelled program types, grouped by the context and rules they share. */
    private enum Family { XDP, TC, SOCKET_FILTER, CGROUP_SKB, RAW_TP, SYSCALL, LIBRARY }

    private final Family family;
    private final boolean egress;
    private final boolean privileged;

    private CtxModel(Family family, boolean egress, boolean privileged) {
        this.family = family;
        this.egress = egress;
        this.privileged = privileged;
    }

    /** The model for {@code type} (privileged), or empty when the verifier does not model it. */
    public static Optional<CtxModel> of(ProgType type) {
        return of(type, Optional.empty(), true);
    }

    /**
     * As {@link #of(ProgType)}; the attach type picks cgroup_skb's egress return rule, and
     * {@code privileged} (CAP_BPF) opens cgroup_skb's packet pointers.
     */
    public static Optional<CtxModel> of(ProgType type, Optional<AttachType> attach, boolean privileged) {
        boolean egress = attach.isPresent() && attach.get() == AttachType.CGROUP_INET_EGRESS;
        Family f = switch (type) {
            case XDP -> Family.XDP;
            case SCHED_CLS, SCHED_ACT -> Family.TC;
            case SOCKET_FILTER -> Family.SOCKET_FILTER;
            case CGROUP_SKB -> Family.CGROUP_SKB;
            case RAW_TRACEPOINT -> Family.RAW_TP;
            case SYSCALL -> Family.SYSCALL;
            case UNSPEC, KPROBE, TRACEPOINT, PERF_EVENT, CGROUP_SOCK,
                    LWT_IN, LWT_OUT, LWT_XMIT, SOCK_OPS, SK_SKB, CGROUP_DEVICE, SK_MSG,
                    CGROUP_SOCK_ADDR, LWT_SEG6LOCAL, LIRC_MODE2, SK_REUSEPORT, FLOW_DISSECTOR,
                    CGROUP_SYSCTL, RAW_TRACEPOINT_WRITABLE, CGROUP_SOCKOPT, TRACING, STRUCT_OPS,
                    EXT, LSM, SK_LOOKUP, NETFILTER -> null;
        };
        return Optional.ofNullable(f).map(x -> new CtxModel(x, egress, privileged));
    }

    /**
     * The model of a library function load (ebld's dynamic linking): no program type, so no
     * context field is accessible and no pointer argument counts as a context.
     */
    static CtxModel library() {
        return new CtxModel(Family.LIBRARY, false, true);
    }

    /** The BTF struct name a global function's pointer argument must point to to count as ctx. */
    public String ctxStructName() {
        return switch (family) {
            case XDP -> "xdp_md";
            case TC, SOCKET_FILTER, CGROUP_SKB -> "__sk_buff";
            case RAW_TP -> "bpf_raw_tracepoint_args";
            case SYSCALL, LIBRARY -> "";
        };
    }

    /** Whether programs of this type may write packet data directly. */
    public boolean packetWritable() {
        return family == Family.XDP || family == Family.TC;
    }

    /** Whether programs of this type may read packet data directly (cgroup_skb: read only). */
    public boolean hasPacket() {
        return packetWritable() || family == Family.CGROUP_SKB;
    }

    /** Whether the legacy packet loads (LD_ABS/LD_IND) are allowed: the kernel's may_access_skb. */
    public boolean legacyPacketLoads() {
        return family == Family.TC || family == Family.SOCKET_FILTER;
    }

    /**
     * Whether helper {@code id}, one of those that touch the packet, is allowed: the per-type
     * {@code *_func_proto} tables (XDP's adjust and redirect helpers, tc's skb writers; socket
     * filters and cgroup_skb only read packet bytes with bpf_skb_load_bytes).
     */
    boolean packetHelperAllowed(int id, Set<Integer> xdpOnly, Set<Integer> tcOnly) {
        return switch (family) {
            case XDP -> !tcOnly.contains(id);
            case TC -> !xdpOnly.contains(id);
            case SOCKET_FILTER, CGROUP_SKB -> id == 26;
            case RAW_TP, SYSCALL, LIBRARY -> false;
        };
    }

    /**
     * The range the main program's R0 must lie in at exit ({@code check_return_code}), as
     * {lo, hi}; null when any value is fine.
     */
    public long[] returnRange() {
        return switch (family) {
            case CGROUP_SKB -> new long[] {0, egress ? 3 : 1};
            case XDP, TC, SOCKET_FILTER, RAW_TP, SYSCALL, LIBRARY -> null;
        };
    }

    /**
     * What a {@code size}-byte access at {@code off} yields: the register type loaded (SCALAR or
     * a packet pointer; for a write, SCALAR means allowed), or empty if the access is invalid.
     */
    public Optional<RegType> access(int off, int size, boolean write) {
        if (off < 0 || off % size != 0) {
            return Optional.empty();
        }
        return switch (family) {
            case XDP -> xdp(off, size, write);
            case TC -> skb(off, size, write);
            case SOCKET_FILTER -> SkbRules.socketFilter(off, size, write);
            case CGROUP_SKB -> SkbRules.cgroupSkb(off, size, write, privileged);
            case RAW_TP -> !write && off < 8 * 12 ? Optional.of(RegType.SCALAR) : Optional.empty();
            case SYSCALL -> off < 0xffff ? Optional.of(RegType.SCALAR) : Optional.empty();
            case LIBRARY -> Optional.empty();
        };
    }

    /** struct xdp_md: six u32 fields, read-only, full-width loads only. */
    private static Optional<RegType> xdp(int off, int size, boolean write) {
        if (write || size != 4 || off >= 24) {
            return Optional.empty();
        }
        return Optional.of(switch (off) {
            case 0 -> RegType.PACKET;
            case 4 -> RegType.PACKET_END;
            case 8 -> RegType.PACKET_META;
            default -> RegType.SCALAR;
        });
    }

    static final int SKB_CB = 48, SKB_CB_END = 68, SKB_DATA = 76, SKB_DATA_END = 80,
            SKB_FAMILY = 88, SKB_LOCAL_PORT_END = 140, SKB_DATA_META = 140, SKB_FLOW_KEYS = 144,
            SKB_TSTAMP = 152, SKB_SK = 168, SKB_TSTAMP_TYPE = 180, SKB_HWTSTAMP = 184, SKB_SIZE = 192;

    /** struct __sk_buff for tc: narrow reads of u32 fields, a few writable fields. */
    static Optional<RegType> skb(int off, int size, boolean write) {
        if (off >= SKB_SIZE) {
            return Optional.empty();
        }
        if (write && !skbWritable(off)) {
            return Optional.empty();
        }
        if (off >= SKB_FAMILY && off < SKB_LOCAL_PORT_END) {
            return Optional.empty();
        }
        if (off >= SKB_CB && off < SKB_CB_END) {
            return off + size <= SKB_CB_END ? Optional.of(RegType.SCALAR) : Optional.empty();
        }
        if (off == SKB_DATA || off == SKB_DATA_END || off == SKB_DATA_META) {
            if (size != 4) {
                return Optional.empty();
            }
            return Optional.of(off == SKB_DATA ? RegType.PACKET
                    : off == SKB_DATA_END ? RegType.PACKET_END : RegType.PACKET_META);
        }
        if (off >= SKB_FLOW_KEYS && off < SKB_TSTAMP || off >= SKB_TSTAMP_TYPE && off < SKB_HWTSTAMP
                || off == SKB_SK) {
            return Optional.empty();
        }
        if (off == SKB_TSTAMP || off == SKB_HWTSTAMP) {
            return size == 8 && !(write && off == SKB_HWTSTAMP) ? Optional.of(RegType.SCALAR)
                    : Optional.empty();
        }
        if (write ? size != 4 : size > 4) {
            return Optional.empty();
        }
        return Optional.of(RegType.SCALAR);
    }

    private static boolean skbWritable(int off) {
        int field = off & ~3;
        return field == 8 || field == 44 || field == 32 || field == 72 || field == 12
                || field >= SKB_CB && field < SKB_CB_END || off == SKB_TSTAMP;
    }
}
