// A member nothing references: an archive link without whole-archive leaves it out.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__attribute__((noinline)) int ebld_it_unused_member(int x)
{
	return x * 3;
}
