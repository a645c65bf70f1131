// A second strong definition of ebld_it_twice.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__attribute__((noinline)) int ebld_it_twice(int x)
{
	return x + 2;
}
