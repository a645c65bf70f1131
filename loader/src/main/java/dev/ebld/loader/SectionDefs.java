package dev.ebld.loader;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.ProgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * libbpf's SEC() table ({@code section_defs} in libbpf.c), in its order: the first matching row
 * wins, so longer patterns come before their prefixes ({@code xdp.frags/devmap} before
 * {@code xdp}). Rows libbpf keeps only for attach helpers carry the same program type and
 * expected attach type here; attaching is not the loader's job. A section no row matches is an
 * error for the caller, never a guess.
 */
public final class SectionDefs {
    private static final int NONE = 0;
    private static final int SLEEPABLE = 1;
    private static final int FRAGS = 2;
    private static final int BTF = 4;

    private static final List<SecDef> TABLE = List.of(
            row("socket", ProgType.SOCKET_FILTER, null, NONE),
            row("sk_reuseport/migrate", ProgType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE, NONE),
            row("sk_reuseport", ProgType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT, NONE),
            row("kprobe+", ProgType.KPROBE, null, NONE),
            row("uprobe+", ProgType.KPROBE, null, NONE),
            row("uprobe.s+", ProgType.KPROBE, null, SLEEPABLE),
            row("kretprobe+", ProgType.KPROBE, null, NONE),
            row("uretprobe+", ProgType.KPROBE, null, NONE),
            row("uretprobe.s+", ProgType.KPROBE, null, SLEEPABLE),
            row("kprobe.multi+", ProgType.KPROBE, AttachType.TRACE_KPROBE_MULTI, NONE),
            row("kretprobe.multi+", ProgType.KPROBE, AttachType.TRACE_KPROBE_MULTI, NONE),
            row("kprobe.session+", ProgType.KPROBE, AttachType.TRACE_KPROBE_SESSION, NONE),
            row("uprobe.multi+", ProgType.KPROBE, AttachType.TRACE_UPROBE_MULTI, NONE),
            row("uretprobe.multi+", ProgType.KPROBE, AttachType.TRACE_UPROBE_MULTI, NONE),
            row("uprobe.multi.s+", ProgType.KPROBE, AttachType.TRACE_UPROBE_MULTI, SLEEPABLE),
            row("uretprobe.multi.s+", ProgType.KPROBE, AttachType.TRACE_UPROBE_MULTI, SLEEPABLE),
            row("ksyscall+", ProgType.KPROBE, null, NONE),
            row("kretsyscall+", ProgType.KPROBE, null, NONE),
            row("usdt+", ProgType.KPROBE, null, NONE),
            row("usdt.s+", ProgType.KPROBE, null, SLEEPABLE),
            row("tc/ingress", ProgType.SCHED_CLS, AttachType.TCX_INGRESS, NONE),
            row("tc/egress", ProgType.SCHED_CLS, AttachType.TCX_EGRESS, NONE),
            row("tcx/ingress", ProgType.SCHED_CLS, AttachType.TCX_INGRESS, NONE),
            row("tcx/egress", ProgType.SCHED_CLS, AttachType.TCX_EGRESS, NONE),
            row("tc", ProgType.SCHED_CLS, null, NONE),
            row("classifier", ProgType.SCHED_CLS, null, NONE),
            row("action", ProgType.SCHED_ACT, null, NONE),
            row("netkit/primary", ProgType.SCHED_CLS, AttachType.NETKIT_PRIMARY, NONE),
            row("netkit/peer", ProgType.SCHED_CLS, AttachType.NETKIT_PEER, NONE),
            row("tracepoint+", ProgType.TRACEPOINT, null, NONE),
            row("tp+", ProgType.TRACEPOINT, null, NONE),
            row("raw_tracepoint+", ProgType.RAW_TRACEPOINT, null, NONE),
            row("raw_tp+", ProgType.RAW_TRACEPOINT, null, NONE),
            row("raw_tracepoint.w+", ProgType.RAW_TRACEPOINT_WRITABLE, null, NONE),
            row("raw_tp.w+", ProgType.RAW_TRACEPOINT_WRITABLE, null, NONE),
            row("tp_btf+", ProgType.TRACING, AttachType.TRACE_RAW_TP, BTF),
            row("fentry+", ProgType.TRACING, AttachType.TRACE_FENTRY, BTF),
            row("fmod_ret+", ProgType.TRACING, AttachType.MODIFY_RETURN, BTF),
            row("fexit+", ProgType.TRACING, AttachType.TRACE_FEXIT, BTF),
            row("fentry.s+", ProgType.TRACING, AttachType.TRACE_FENTRY, BTF | SLEEPABLE),
            row("fmod_ret.s+", ProgType.TRACING, AttachType.MODIFY_RETURN, BTF | SLEEPABLE),
            row("fexit.s+", ProgType.TRACING, AttachType.TRACE_FEXIT, BTF | SLEEPABLE),
            row("freplace+", ProgType.EXT, null, BTF),
            row("lsm+", ProgType.LSM, AttachType.LSM_MAC, BTF),
            row("lsm.s+", ProgType.LSM, AttachType.LSM_MAC, BTF | SLEEPABLE),
            row("lsm_cgroup+", ProgType.LSM, AttachType.LSM_CGROUP, BTF),
            row("iter+", ProgType.TRACING, AttachType.TRACE_ITER, BTF),
            row("iter.s+", ProgType.TRACING, AttachType.TRACE_ITER, BTF | SLEEPABLE),
            row("syscall", ProgType.SYSCALL, null, SLEEPABLE),
            row("xdp.frags/devmap", ProgType.XDP, AttachType.XDP_DEVMAP, FRAGS),
            row("xdp/devmap", ProgType.XDP, AttachType.XDP_DEVMAP, NONE),
            row("xdp.frags/cpumap", ProgType.XDP, AttachType.XDP_CPUMAP, FRAGS),
            row("xdp/cpumap", ProgType.XDP, AttachType.XDP_CPUMAP, NONE),
            row("xdp.frags", ProgType.XDP, AttachType.XDP, FRAGS),
            row("xdp", ProgType.XDP, AttachType.XDP, NONE),
            row("perf_event", ProgType.PERF_EVENT, null, NONE),
            row("lwt_in", ProgType.LWT_IN, null, NONE),
            row("lwt_out", ProgType.LWT_OUT, null, NONE),
            row("lwt_xmit", ProgType.LWT_XMIT, null, NONE),
            row("lwt_seg6local", ProgType.LWT_SEG6LOCAL, null, NONE),
            row("sockops", ProgType.SOCK_OPS, AttachType.CGROUP_SOCK_OPS, NONE),
            row("sk_skb/stream_parser", ProgType.SK_SKB, AttachType.SK_SKB_STREAM_PARSER, NONE),
            row("sk_skb/stream_verdict", ProgType.SK_SKB, AttachType.SK_SKB_STREAM_VERDICT, NONE),
            row("sk_skb/verdict", ProgType.SK_SKB, AttachType.SK_SKB_VERDICT, NONE),
            row("sk_skb", ProgType.SK_SKB, null, NONE),
            row("sk_msg", ProgType.SK_MSG, AttachType.SK_MSG_VERDICT, NONE),
            row("lirc_mode2", ProgType.LIRC_MODE2, AttachType.LIRC_MODE2, NONE),
            row("flow_dissector", ProgType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR, NONE),
            row("cgroup_skb/ingress", ProgType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS, NONE),
            row("cgroup_skb/egress", ProgType.CGROUP_SKB, AttachType.CGROUP_INET_EGRESS, NONE),
            row("cgroup/skb", ProgType.CGROUP_SKB, null, NONE),
            row("cgroup/sock_create", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, NONE),
            row("cgroup/sock_release", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE, NONE),
            row("cgroup/sock", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, NONE),
            row("cgroup/post_bind4", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND, NONE),
            row("cgroup/post_bind6", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND, NONE),
            row("cgroup/bind4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND, NONE),
            row("cgroup/bind6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND, NONE),
            row("cgroup/connect4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT, NONE),
            row("cgroup/connect6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT, NONE),
            row("cgroup/connect_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT, NONE),
            row("cgroup/sendmsg4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG, NONE),
            row("cgroup/sendmsg6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG, NONE),
            row("cgroup/sendmsg_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_SENDMSG, NONE),
            row("cgroup/recvmsg4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG, NONE),
            row("cgroup/recvmsg6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG, NONE),
            row("cgroup/recvmsg_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG, NONE),
            row("cgroup/getpeername4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME, NONE),
            row("cgroup/getpeername6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME, NONE),
            row("cgroup/getpeername_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETPEERNAME, NONE),
            row("cgroup/getsockname4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME, NONE),
            row("cgroup/getsockname6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME, NONE),
            row("cgroup/getsockname_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETSOCKNAME, NONE),
            row("cgroup/sysctl", ProgType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL, NONE),
            row("cgroup/getsockopt", ProgType.CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT, NONE),
            row("cgroup/setsockopt", ProgType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT, NONE),
            row("cgroup/dev", ProgType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE, NONE),
            row("struct_ops+", ProgType.STRUCT_OPS, null, NONE),
            row("struct_ops.s+", ProgType.STRUCT_OPS, null, SLEEPABLE),
            row("sk_lookup", ProgType.SK_LOOKUP, AttachType.SK_LOOKUP, NONE),
            row("netfilter", ProgType.NETFILTER, AttachType.NETFILTER, NONE));

    private SectionDefs() {
    }

    /** Every row, in match order. */
    public static List<SecDef> all() {
        return TABLE;
    }

    /** The first row matching {@code section} (a leading '?' is the caller's to strip). */
    public static Optional<SecDef> find(String section) {
        for (SecDef d : TABLE) {
            if (d.matches(section)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The patterns, for an error that lists what would have matched. */
    public static List<String> patterns() {
        List<String> out = new ArrayList<>();
        TABLE.forEach(d -> out.add(d.pattern()));
        return out;
    }

    private static SecDef row(String pattern, ProgType type, AttachType attach, int flags) {
        return new SecDef(pattern, type, Optional.ofNullable(attach), (flags & SLEEPABLE) != 0,
                (flags & FRAGS) != 0, (flags & BTF) != 0);
    }
}
