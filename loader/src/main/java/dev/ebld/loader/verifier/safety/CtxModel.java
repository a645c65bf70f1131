package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.verifier.state.RegType;
import java.util.Optional;

/**
 * Which context fields a program type may read or write, with which sizes, and what a load
 * yields (a scalar, or a packet pointer). Mirrors the kernel's per-type {@code is_valid_access}
 * callbacks: {@code xdp_is_valid_access}, {@code tc_cls_act_is_valid_access} over
 * {@code bpf_skb_is_valid_access}, {@code bpf_tracing_ctx_access} (raw_tp) and
 * {@code syscall_prog_is_valid_access}.
 */
public final class CtxModel {
    private final ProgType type;

    private CtxModel(ProgType type) {
        this.type = type;
    }

    /** The model for {@code type}, or empty when the verifier does not model that program type. */
    public static Optional<CtxModel> of(ProgType type) {
        return switch (type) {
            case XDP, SCHED_CLS, SCHED_ACT, RAW_TRACEPOINT, SYSCALL -> Optional.of(new CtxModel(type));
            case UNSPEC, SOCKET_FILTER, KPROBE, TRACEPOINT, PERF_EVENT, CGROUP_SKB, CGROUP_SOCK,
                    LWT_IN, LWT_OUT, LWT_XMIT, SOCK_OPS, SK_SKB, CGROUP_DEVICE, SK_MSG,
                    CGROUP_SOCK_ADDR, LWT_SEG6LOCAL, LIRC_MODE2, SK_REUSEPORT, FLOW_DISSECTOR,
                    CGROUP_SYSCTL, RAW_TRACEPOINT_WRITABLE, CGROUP_SOCKOPT, TRACING, STRUCT_OPS,
                    EXT, LSM, SK_LOOKUP, NETFILTER -> Optional.empty();
        };
    }

    /**
     * The model of a library function load (ebld's dynamic linking): no program type, so no
     * context field is accessible and no pointer argument counts as a context.
     */
    static CtxModel library() {
        return new CtxModel(ProgType.UNSPEC);
    }

    /** The BTF struct name a global function's pointer argument must point to to count as ctx. */
    public String ctxStructName() {
        return switch (type) {
            case XDP -> "xdp_md";
            case SCHED_CLS, SCHED_ACT -> "__sk_buff";
            case RAW_TRACEPOINT -> "bpf_raw_tracepoint_args";
            default -> "";
        };
    }

    /** Whether programs of this type may write packet data directly. */
    public boolean packetWritable() {
        return type == ProgType.XDP || type == ProgType.SCHED_CLS || type == ProgType.SCHED_ACT;
    }

    public boolean hasPacket() {
        return packetWritable();
    }

    /**
     * What a {@code size}-byte access at {@code off} yields: the register type loaded (SCALAR or
     * a packet pointer; for a write, SCALAR means allowed), or empty if the access is invalid.
     */
    public Optional<RegType> access(int off, int size, boolean write) {
        if (off < 0 || off % size != 0) {
            return Optional.empty();
        }
        return switch (type) {
            case XDP -> xdp(off, size, write);
            case SCHED_CLS, SCHED_ACT -> skb(off, size, write);
            case RAW_TRACEPOINT -> !write && off < 8 * 12 ? Optional.of(RegType.SCALAR) : Optional.empty();
            case SYSCALL -> off < 0xffff ? Optional.of(RegType.SCALAR) : Optional.empty();
            default -> Optional.empty();
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

    private static final int SKB_CB = 48, SKB_CB_END = 68, SKB_DATA = 76, SKB_DATA_END = 80,
            SKB_FAMILY = 88, SKB_LOCAL_PORT_END = 140, SKB_DATA_META = 140, SKB_FLOW_KEYS = 144,
            SKB_TSTAMP = 152, SKB_SK = 168, SKB_TSTAMP_TYPE = 180, SKB_HWTSTAMP = 184, SKB_SIZE = 192;

    /** struct __sk_buff for tc: narrow reads of u32 fields, a few writable fields. */
    private static Optional<RegType> skb(int off, int size, boolean write) {
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
