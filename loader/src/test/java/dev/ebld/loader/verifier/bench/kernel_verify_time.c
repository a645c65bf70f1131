/*
 * The kernel side of VerifierBench: loads one BPF object's programs into this machine's kernel
 * RUNS times with the verifier log at level 4 (statistics only, so logging costs the kernel
 * nothing), and prints one line per run:
 *   <kernel verification usec> <processed insns> <bpf_object__load wall usec>
 * The verification time is the kernel's own ("verification time N usec"); the wall time also
 * counts map and BTF creation. Build: gcc -O2 -o kvt kernel_verify_time.c -lbpf (root to run).
 */
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char logbuf[1 << 16];

static long field(const char *log, const char *key)
{
	const char *p = strstr(log, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s OBJECT RUNS\n", argv[0]);
		return 2;
	}
	int runs = atoi(argv[2]);
	for (int i = 0; i < runs; i++) {
		struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
		struct bpf_program *prog;
		struct timespec a, b;
		if (!obj) {
			perror("open");
			return 1;
		}
		logbuf[0] = 0;
		bpf_object__for_each_program(prog, obj) {
			bpf_program__set_log_level(prog, 4);
			bpf_program__set_log_buf(prog, logbuf, sizeof(logbuf));
		}
		clock_gettime(CLOCK_MONOTONIC, &a);
		int err = bpf_object__load(obj);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (err) {
			fprintf(stderr, "load failed: %d\n%s", err, logbuf);
			return 1;
		}
		long wall = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
		printf("%ld %ld %ld\n", field(logbuf, "verification time "), field(logbuf, "processed "), wall);
		bpf_object__close(obj);
	}
	return 0;
}
