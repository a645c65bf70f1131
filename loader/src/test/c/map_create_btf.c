// BPF_MAP_CREATE with key and value BTF, straight through bpf(2): libbpf (and so bpftool)
// drops BTF for the map types that refuse it, so the kernel's own answer needs this.
//
// usage: map_create_btf BTF_FILE FD TYPE KEY_SIZE VALUE_SIZE MAX_ENTRIES KEY_TYPE_ID VALUE_TYPE_ID
// FD is the btf_fd passed: "btf" (BTF_FILE loaded), "badfd" (999, not open) or "notbtf" (an
// open fd of /dev/null). MAX_ENTRIES is read as an unsigned 32-bit number.
// prints "ok" when the map was created (it dies with the process), else "errno N".
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

int main(int argc, char **argv)
{
	static char btf[1 << 16];
	union bpf_attr attr;
	FILE *f;
	size_t len;
	long btf_fd;

	if (argc != 9) {
		fprintf(stderr, "usage: %s BTF_FILE FD TYPE KEY VALUE ENTRIES KEY_ID VALUE_ID\n",
			argv[0]);
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	len = fread(btf, 1, sizeof(btf), f);
	fclose(f);

	memset(&attr, 0, sizeof(attr));
	attr.btf = (unsigned long)btf;
	attr.btf_size = len;
	btf_fd = bpf(BPF_BTF_LOAD, &attr);
	if (btf_fd < 0) {
		printf("btf_load errno %d\n", errno);
		return 1;
	}

	if (strcmp(argv[2], "badfd") == 0)
		btf_fd = 999;
	else if (strcmp(argv[2], "notbtf") == 0)
		btf_fd = open("/dev/null", O_RDONLY);
	else if (strcmp(argv[2], "btf") != 0) {
		fprintf(stderr, "FD must be btf, badfd or notbtf\n");
		return 2;
	}

	memset(&attr, 0, sizeof(attr));
	attr.map_type = atoi(argv[3]);
	attr.key_size = atoi(argv[4]);
	attr.value_size = atoi(argv[5]);
	attr.max_entries = strtoul(argv[6], NULL, 0);
	attr.btf_fd = btf_fd;
	attr.btf_key_type_id = atoi(argv[7]);
	attr.btf_value_type_id = atoi(argv[8]);
	if (bpf(BPF_MAP_CREATE, &attr) < 0) {
		printf("errno %d\n", errno);
		return 0;
	}
	printf("ok\n");
	return 0;
}
