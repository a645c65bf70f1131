#!/bin/sh
# Rebuilds the BPF objects the integration tests link, from the C sources beside them:
#   <it>/src/main/c/X.c     -> <it>/src/main/bpf/X.o      (linked by the default file set)
#   <it>/src/main/c-v2/X.c  -> <it>/src/main/bpf-v2/X.o   (swapped in by up-to-date's 3rd run)
# The objects are committed so `mvn verify` needs no clang. Pinned compiler: Debian clang-19.
set -eu
cd "$(dirname "$0")"
for src in */src/main/c/*.c */src/main/c-v2/*.c; do
    [ -f "$src" ] || continue
    dir=$(dirname "$src")
    out=$(dirname "$dir")/$(basename "$dir" | sed 's/^c/bpf/')/$(basename "$src" .c).o
    mkdir -p "$(dirname "$out")"
    clang-19 -O2 -g -target bpfel -mcpu=v3 -I/usr/include/x86_64-linux-gnu -c "$src" -o "$out"
    echo "$src -> $out"
done
