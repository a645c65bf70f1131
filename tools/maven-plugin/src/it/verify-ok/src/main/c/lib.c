// A global (separately verified) function that prog.c calls.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__attribute__((noinline)) int ebld_it_verdict(int len)
{
	return len > 64 ? XDP_PASS : XDP_DROP;
}
