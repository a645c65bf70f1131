package dev.ebld.loader.sim;

/** The capabilities bpf(2) looks at ({@code capable()} checks in kernel/bpf/syscall.c). */
public enum Capability {
    CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_PERFMON, CAP_BPF
}
