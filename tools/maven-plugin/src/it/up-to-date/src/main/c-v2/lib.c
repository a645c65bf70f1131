// The changed input of the third run: a different body, and a marker global whose name the
// verify script looks for in the relinked output.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int ebld_it_relinked_marker = 2;

__attribute__((noinline)) int ebld_it_verdict(int len)
{
	return len > ebld_it_relinked_marker ? XDP_PASS : XDP_DROP;
}
