// The XDP entry point; its decision comes from a function defined in lib.c, so the program
// only loads if the link resolved the call across the two objects.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int ebld_it_verdict(int len);

SEC("xdp")
int ebld_it_xdp(struct xdp_md *ctx)
{
	return ebld_it_verdict(ctx->data_end - ctx->data);
}

char LICENSE[] SEC("license") = "GPL";
