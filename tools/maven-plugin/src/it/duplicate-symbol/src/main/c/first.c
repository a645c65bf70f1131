// Defines ebld_it_twice; second.c defines it too, so the link must fail.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__attribute__((noinline)) int ebld_it_twice(int x)
{
	return x + 1;
}

SEC("xdp")
int ebld_it_first(struct xdp_md *ctx)
{
	return ebld_it_twice(ctx->ingress_ifindex) > 0 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
