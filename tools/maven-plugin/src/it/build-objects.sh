#!/bin/sh
# Rebuilds the BPF objects the integration tests link, from the C sources beside them:
#   <it>/src/main/c/X.c     -> <it>/src/main/bpf/X.o      (linked by the default file set)
#   <it>/src/main/c-v2/X.c  -> <it>/src/main/bpf-v2/X.o   (swapped in by up-to-date's 3rd run)
#   <it>/src/lib/c/*.c      -> <it>/src/lib/libit.a       (an archive of those objects)
#   <it>/src/main/c-zst/X.c -> <it>/src/main/bpf/X.o.zst  (zstd-compressed, for zstd-input)
# The outputs are committed so `mvn verify` needs no clang. Pinned: Debian clang-19, llvm-ar-19,
# and the zstd CLI (apt-get install zstd).
set -eu
cd "$(dirname "$0")"
# Compiled from the source's own directory with a relative compilation directory, so the debug
# info and .BTF.ext line_info name the file as 'x.c' (ebld:verify's failures quote it), not a
# path of the machine that built it.
compile() {
    mkdir -p "$(dirname "$2")"
    out=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
    (cd "$(dirname "$1")" && clang-19 -O2 -g -target bpfel -mcpu=v3 -I/usr/include/x86_64-linux-gnu \
        -fdebug-compilation-dir=. -c "$(basename "$1")" -o "$out")
    echo "$1 -> $2"
}
for src in */src/main/c/*.c */src/main/c-v2/*.c; do
    [ -f "$src" ] || continue
    dir=$(dirname "$src")
    compile "$src" "$(dirname "$dir")/$(basename "$dir" | sed 's/^c/bpf/')/$(basename "$src" .c).o"
done
for src in */src/main/c-zst/*.c; do
    [ -f "$src" ] || continue
    out=$(dirname "$(dirname "$src")")/bpf/$(basename "$src" .c).o
    compile "$src" "$out"
    # zstd's frame holds no file name or time stamp: the same object gives the same bytes.
    zstd -q -f --rm "$out" -o "$out.zst"
    echo "$out -> $out.zst"
done
for libdir in */src/lib/c; do
    [ -d "$libdir" ] || continue
    tmp=$(mktemp -d)
    for src in "$libdir"/*.c; do
        compile "$src" "$tmp/$(basename "$src" .c).o"
    done
    archive=$(dirname "$libdir")/libit.a
    rm -f "$archive"
    # D: zero timestamps and owners, so the archive is byte-identical on every rebuild.
    (cd "$tmp" && llvm-ar-19 rcsD archive.a $(ls *.o | sort))
    mv "$tmp/archive.a" "$archive"
    rm -rf "$tmp"
    echo "$libdir -> $archive"
done
