// A third reference to ebld_it_missing, from another object.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int ebld_it_missing(int x);

SEC("xdp")
int ebld_it_beta(struct xdp_md *ctx)
{
	return ebld_it_missing(3) ? XDP_PASS : XDP_DROP;
}
