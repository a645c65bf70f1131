#!/usr/bin/env python3
"""Oracle for ebld's BTF dedup: runs libbpf's own btf__dedup on a raw BTF file.

usage: libbpf_dedup.py FILE [REPEAT] [OUT]
Prints one line per repetition: "err E types N bytes M ms T cpu_ms C" where N is btf__type_cnt
(void included), M the size of the deduplicated raw BTF, T the wall-clock and C the CPU time
btf__dedup took. With OUT,
the deduplicated BTF of the last repetition is written there. Needs libbpf.so.1 (Debian libbpf1).
"""
import ctypes
import sys
import time

lib = ctypes.CDLL("libbpf.so.1")
lib.btf__new.restype = ctypes.c_void_p
lib.btf__new.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
lib.btf__dedup.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
lib.btf__raw_data.restype = ctypes.c_void_p
lib.btf__raw_data.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32)]
lib.btf__type_cnt.argtypes = [ctypes.c_void_p]
lib.btf__free.argtypes = [ctypes.c_void_p]

data = open(sys.argv[1], "rb").read()
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1
for i in range(reps):
    buf = ctypes.create_string_buffer(data, len(data))
    btf = lib.btf__new(buf, len(data))
    if not btf:
        sys.exit("btf__new failed")
    t0 = time.perf_counter()
    c0 = time.process_time()
    err = lib.btf__dedup(btf, None)
    c1 = time.process_time()
    t1 = time.perf_counter()
    size = ctypes.c_uint32()
    raw = lib.btf__raw_data(btf, ctypes.byref(size))
    if len(sys.argv) > 3 and i == reps - 1:
        open(sys.argv[3], "wb").write(ctypes.string_at(raw, size.value))
    print("err %d types %d bytes %d ms %.1f cpu_ms %.1f" % (err, lib.btf__type_cnt(btf), size.value,
          (t1 - t0) * 1000, (c1 - c0) * 1000), flush=True)
    lib.btf__free(btf)
