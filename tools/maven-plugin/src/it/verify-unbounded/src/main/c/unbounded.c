// An XDP program the kernel refuses: it checks that the Ethernet header is there, then reads
// a byte at an offset taken from the packet itself, which no bounds check covers.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int ebld_it_unbounded(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;

	if (data + 14 > end)
		return XDP_PASS;
	return data[data[13]];
}

char LICENSE[] SEC("license") = "GPL";
