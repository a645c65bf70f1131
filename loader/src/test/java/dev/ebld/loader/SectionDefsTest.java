package dev.ebld.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.ProgType;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every row of the SEC() table, checked against an independent transcription of libbpf's
 * {@code section_defs}: a section name that should hit the row, its program type, expected attach
 * type and load flags ('S' sleepable, 'F' xdp frags, 'B' BTF attach target).
 */
class SectionDefsTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                row("socket", "socket", ProgType.SOCKET_FILTER, null, ""),
                row("sk_reuseport/migrate", "sk_reuseport/migrate", ProgType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE, ""),
                row("sk_reuseport", "sk_reuseport", ProgType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT, ""),
                row("kprobe+", "kprobe/do_unlinkat", ProgType.KPROBE, null, ""),
                row("uprobe+", "uprobe/bin:fn", ProgType.KPROBE, null, ""),
                row("uprobe.s+", "uprobe.s", ProgType.KPROBE, null, "S"),
                row("kretprobe+", "kretprobe/do_unlinkat", ProgType.KPROBE, null, ""),
                row("uretprobe+", "uretprobe", ProgType.KPROBE, null, ""),
                row("uretprobe.s+", "uretprobe.s/x", ProgType.KPROBE, null, "S"),
                row("kprobe.multi+", "kprobe.multi/tcp_*", ProgType.KPROBE, AttachType.TRACE_KPROBE_MULTI, ""),
                row("kretprobe.multi+", "kretprobe.multi/x", ProgType.KPROBE, AttachType.TRACE_KPROBE_MULTI, ""),
                row("kprobe.session+", "kprobe.session/x", ProgType.KPROBE, AttachType.TRACE_KPROBE_SESSION, ""),
                row("uprobe.multi+", "uprobe.multi/x", ProgType.KPROBE, AttachType.TRACE_UPROBE_MULTI, ""),
                row("uretprobe.multi+", "uretprobe.multi", ProgType.KPROBE, AttachType.TRACE_UPROBE_MULTI, ""),
                row("uprobe.multi.s+", "uprobe.multi.s/x", ProgType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "S"),
                row("uretprobe.multi.s+", "uretprobe.multi.s", ProgType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "S"),
                row("ksyscall+", "ksyscall/getpid", ProgType.KPROBE, null, ""),
                row("kretsyscall+", "kretsyscall/getpid", ProgType.KPROBE, null, ""),
                row("usdt+", "usdt/a:b:c", ProgType.KPROBE, null, ""),
                row("usdt.s+", "usdt.s", ProgType.KPROBE, null, "S"),
                row("tc/ingress", "tc/ingress", ProgType.SCHED_CLS, AttachType.TCX_INGRESS, ""),
                row("tc/egress", "tc/egress", ProgType.SCHED_CLS, AttachType.TCX_EGRESS, ""),
                row("tcx/ingress", "tcx/ingress", ProgType.SCHED_CLS, AttachType.TCX_INGRESS, ""),
                row("tcx/egress", "tcx/egress", ProgType.SCHED_CLS, AttachType.TCX_EGRESS, ""),
                row("tc", "tc", ProgType.SCHED_CLS, null, ""),
                row("classifier", "classifier", ProgType.SCHED_CLS, null, ""),
                row("action", "action", ProgType.SCHED_ACT, null, ""),
                row("netkit/primary", "netkit/primary", ProgType.SCHED_CLS, AttachType.NETKIT_PRIMARY, ""),
                row("netkit/peer", "netkit/peer", ProgType.SCHED_CLS, AttachType.NETKIT_PEER, ""),
                row("tracepoint+", "tracepoint/syscalls/sys_enter_open", ProgType.TRACEPOINT, null, ""),
                row("tp+", "tp/sched/sched_switch", ProgType.TRACEPOINT, null, ""),
                row("raw_tracepoint+", "raw_tracepoint/sys_enter", ProgType.RAW_TRACEPOINT, null, ""),
                row("raw_tp+", "raw_tp/sys_enter", ProgType.RAW_TRACEPOINT, null, ""),
                row("raw_tracepoint.w+", "raw_tracepoint.w/x", ProgType.RAW_TRACEPOINT_WRITABLE, null, ""),
                row("raw_tp.w+", "raw_tp.w/x", ProgType.RAW_TRACEPOINT_WRITABLE, null, ""),
                row("tp_btf+", "tp_btf/sched_switch", ProgType.TRACING, AttachType.TRACE_RAW_TP, "B"),
                row("fentry+", "fentry/do_unlinkat", ProgType.TRACING, AttachType.TRACE_FENTRY, "B"),
                row("fmod_ret+", "fmod_ret/x", ProgType.TRACING, AttachType.MODIFY_RETURN, "B"),
                row("fexit+", "fexit/do_unlinkat", ProgType.TRACING, AttachType.TRACE_FEXIT, "B"),
                row("fentry.s+", "fentry.s/x", ProgType.TRACING, AttachType.TRACE_FENTRY, "BS"),
                row("fmod_ret.s+", "fmod_ret.s/x", ProgType.TRACING, AttachType.MODIFY_RETURN, "BS"),
                row("fexit.s+", "fexit.s/x", ProgType.TRACING, AttachType.TRACE_FEXIT, "BS"),
                row("freplace+", "freplace/handler", ProgType.EXT, null, "B"),
                row("lsm+", "lsm/file_open", ProgType.LSM, AttachType.LSM_MAC, "B"),
                row("lsm.s+", "lsm.s/file_open", ProgType.LSM, AttachType.LSM_MAC, "BS"),
                row("lsm_cgroup+", "lsm_cgroup/socket_bind", ProgType.LSM, AttachType.LSM_CGROUP, "B"),
                row("iter+", "iter/task", ProgType.TRACING, AttachType.TRACE_ITER, "B"),
                row("iter.s+", "iter.s/task", ProgType.TRACING, AttachType.TRACE_ITER, "BS"),
                row("syscall", "syscall", ProgType.SYSCALL, null, "S"),
                row("xdp.frags/devmap", "xdp.frags/devmap", ProgType.XDP, AttachType.XDP_DEVMAP, "F"),
                row("xdp/devmap", "xdp/devmap", ProgType.XDP, AttachType.XDP_DEVMAP, ""),
                row("xdp.frags/cpumap", "xdp.frags/cpumap", ProgType.XDP, AttachType.XDP_CPUMAP, "F"),
                row("xdp/cpumap", "xdp/cpumap", ProgType.XDP, AttachType.XDP_CPUMAP, ""),
                row("xdp.frags", "xdp.frags", ProgType.XDP, AttachType.XDP, "F"),
                row("xdp", "xdp", ProgType.XDP, AttachType.XDP, ""),
                row("perf_event", "perf_event", ProgType.PERF_EVENT, null, ""),
                row("lwt_in", "lwt_in", ProgType.LWT_IN, null, ""),
                row("lwt_out", "lwt_out", ProgType.LWT_OUT, null, ""),
                row("lwt_xmit", "lwt_xmit", ProgType.LWT_XMIT, null, ""),
                row("lwt_seg6local", "lwt_seg6local", ProgType.LWT_SEG6LOCAL, null, ""),
                row("sockops", "sockops", ProgType.SOCK_OPS, AttachType.CGROUP_SOCK_OPS, ""),
                row("sk_skb/stream_parser", "sk_skb/stream_parser", ProgType.SK_SKB, AttachType.SK_SKB_STREAM_PARSER, ""),
                row("sk_skb/stream_verdict", "sk_skb/stream_verdict", ProgType.SK_SKB, AttachType.SK_SKB_STREAM_VERDICT, ""),
                row("sk_skb/verdict", "sk_skb/verdict", ProgType.SK_SKB, AttachType.SK_SKB_VERDICT, ""),
                row("sk_skb", "sk_skb", ProgType.SK_SKB, null, ""),
                row("sk_msg", "sk_msg", ProgType.SK_MSG, AttachType.SK_MSG_VERDICT, ""),
                row("lirc_mode2", "lirc_mode2", ProgType.LIRC_MODE2, AttachType.LIRC_MODE2, ""),
                row("flow_dissector", "flow_dissector", ProgType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR, ""),
                row("cgroup_skb/ingress", "cgroup_skb/ingress", ProgType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS, ""),
                row("cgroup_skb/egress", "cgroup_skb/egress", ProgType.CGROUP_SKB, AttachType.CGROUP_INET_EGRESS, ""),
                row("cgroup/skb", "cgroup/skb", ProgType.CGROUP_SKB, null, ""),
                row("cgroup/sock_create", "cgroup/sock_create", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, ""),
                row("cgroup/sock_release", "cgroup/sock_release", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE, ""),
                row("cgroup/sock", "cgroup/sock", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, ""),
                row("cgroup/post_bind4", "cgroup/post_bind4", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND, ""),
                row("cgroup/post_bind6", "cgroup/post_bind6", ProgType.CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND, ""),
                row("cgroup/bind4", "cgroup/bind4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND, ""),
                row("cgroup/bind6", "cgroup/bind6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND, ""),
                row("cgroup/connect4", "cgroup/connect4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT, ""),
                row("cgroup/connect6", "cgroup/connect6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT, ""),
                row("cgroup/connect_unix", "cgroup/connect_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT, ""),
                row("cgroup/sendmsg4", "cgroup/sendmsg4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG, ""),
                row("cgroup/sendmsg6", "cgroup/sendmsg6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG, ""),
                row("cgroup/sendmsg_unix", "cgroup/sendmsg_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_SENDMSG, ""),
                row("cgroup/recvmsg4", "cgroup/recvmsg4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG, ""),
                row("cgroup/recvmsg6", "cgroup/recvmsg6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG, ""),
                row("cgroup/recvmsg_unix", "cgroup/recvmsg_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG, ""),
                row("cgroup/getpeername4", "cgroup/getpeername4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME, ""),
                row("cgroup/getpeername6", "cgroup/getpeername6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME, ""),
                row("cgroup/getpeername_unix", "cgroup/getpeername_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETPEERNAME, ""),
                row("cgroup/getsockname4", "cgroup/getsockname4", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME, ""),
                row("cgroup/getsockname6", "cgroup/getsockname6", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME, ""),
                row("cgroup/getsockname_unix", "cgroup/getsockname_unix", ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETSOCKNAME, ""),
                row("cgroup/sysctl", "cgroup/sysctl", ProgType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL, ""),
                row("cgroup/getsockopt", "cgroup/getsockopt", ProgType.CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT, ""),
                row("cgroup/setsockopt", "cgroup/setsockopt", ProgType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT, ""),
                row("cgroup/dev", "cgroup/dev", ProgType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE, ""),
                row("struct_ops+", "struct_ops/init", ProgType.STRUCT_OPS, null, ""),
                row("struct_ops.s+", "struct_ops.s/init", ProgType.STRUCT_OPS, null, "S"),
                row("sk_lookup", "sk_lookup", ProgType.SK_LOOKUP, AttachType.SK_LOOKUP, ""),
                row("netfilter", "netfilter", ProgType.NETFILTER, AttachType.NETFILTER, ""));
    }

    private static Arguments row(String pattern, String section, ProgType type, AttachType attach, String flags) {
        return Arguments.of(pattern, section, type, attach, flags);
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("rows")
    void everyRowTypesItsSection(String pattern, String section, ProgType type, AttachType attach, String flags) {
        SecDef d = SectionDefs.find(section).orElseThrow();
        assertThat(d.pattern()).isEqualTo(pattern);
        assertThat(d.type()).isEqualTo(type);
        assertThat(d.expectedAttachType()).isEqualTo(Optional.ofNullable(attach));
        assertThat(d.sleepable()).isEqualTo(flags.contains("S"));
        assertThat(d.xdpFrags()).isEqualTo(flags.contains("F"));
        assertThat(d.attachBtf()).isEqualTo(flags.contains("B"));
    }

    @Test
    void theTableHasExactlyTheTestedRows() {
        assertThat(SectionDefs.patterns()).containsExactlyElementsOf(
                rows().map(a -> (String) a.get()[0]).toList());
    }

    @Test
    void plusPatternsNeedExactNameOrSlash() {
        assertThat(SectionDefs.find("kprobe")).map(SecDef::pattern).contains("kprobe+");
        assertThat(SectionDefs.find("kprobex/foo")).isEmpty();
        assertThat(SectionDefs.find("xdp_foo")).isEmpty();
        assertThat(SectionDefs.find("xdp/foo")).isEmpty();
        assertThat(SectionDefs.find("tc/other")).isEmpty();
        assertThat(SectionDefs.find("bogus/thing")).isEmpty();
    }

    @Test
    void loadFlagsFollowTheRow() {
        assertThat(SectionDefs.find("xdp.frags").orElseThrow().progFlags())
                .isEqualTo(dev.ebld.loader.kernel.ProgLoadAttr.F_XDP_HAS_FRAGS);
        assertThat(SectionDefs.find("fentry.s/x").orElseThrow().progFlags())
                .isEqualTo(dev.ebld.loader.kernel.ProgLoadAttr.F_SLEEPABLE);
        assertThat(List.of(SectionDefs.find("xdp").orElseThrow().progFlags())).containsExactly(0);
    }
}
