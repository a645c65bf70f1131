// Two programs call ebld_it_missing, which no input defines.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int ebld_it_missing(int x);

SEC("xdp")
int ebld_it_alpha_one(struct xdp_md *ctx)
{
	return ebld_it_missing(1) ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int ebld_it_alpha_two(struct xdp_md *ctx)
{
	return ebld_it_missing(2) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
