#!/usr/bin/env bash
# Side-by-side whole-process timing of `ebld link` and `bpftool gen object` (libbpf's linker) on
# the generated N x M inputs of `ebld bench link` (N objects, M global functions and M global
# variables each, compiled with clang -O2 -g). Unlike `ebld bench link`, which reports wall time
# only, this also reports CPU time (user + system, all threads, from wait4): on a shared machine
# the wall column moves with the load, CPU much less. Ratios are bpftool / ebld (above 1: ebld
# is faster).
#
#   linker/bench.sh [RUNS] [SIZE...]        e.g. linker/bench.sh 7 2x10 40x400
#
# EBLD=/path/to/ebld times another launcher, e.g. one in a copy of a built tree, so that source
# edits during a long run cannot trigger a rebuild inside a timed round.
#
# Each round runs ebld once and bpftool once, interleaved, so both see the same machine state;
# medians over RUNS rounds are printed. Inputs are kept in $TMPDIR/ebld-bench-link.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-5}
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(2x10 10x400 20x400 40x200 40x400)
ebld=${EBLD:-$root/ebld}
work="${TMPDIR:-/tmp}/ebld-bench-link"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for bin in bpftool clang-19 python3; do
    command -v "$bin" >/dev/null || { echo "bench.sh: $bin not found" >&2; exit 1; }
done

printf '%-8s %22s %24s %18s\n' "NxM" "ebld wall/cpu ms" "bpftool wall/cpu ms" "ratio wall/cpu"
for size in "${sizes[@]}"; do
    if [[ ! -e $work/$size/o0.o ]]; then
        # One quick in-process round generates and compiles the inputs.
        "$ebld" bench link --sizes "$size" --runs 1 --warmup 0 --no-process --work-dir "$work" >/dev/null
    fi
    mapfile -t objs < <(ls "$work/$size"/o*.o | sort -V)
    # Untimed first round: builds the CLI and its AOT cache if needed, fills the page cache.
    "$ebld" link -o "$tmp/e.o" "${objs[@]}"
    bpftool gen object "$tmp/b.o" "${objs[@]}" >/dev/null
    python3 - "$size" "$runs" "$ebld" "$tmp" "${objs[@]}" <<'PY'
import os, statistics, subprocess, sys, time
size, runs, ebld, tmp, objs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
cmds = {"ebld": [ebld, "link", "-o", tmp + "/e.o", *objs],
        "bpftool": ["bpftool", "gen", "object", tmp + "/b.o", *objs]}
samples = {k: [] for k in cmds}

def timed(argv):
    # Wall from a monotonic clock; CPU (user + system of the process and its children) from wait4.
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"bench.sh: {argv[0]} failed")
    return wall * 1000, (ru.ru_utime + ru.ru_stime) * 1000

for _ in range(runs):
    for k, argv in cmds.items():
        samples[k].append(timed(argv))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in samples.items()}
(ew, ec), (bw, bc) = med["ebld"], med["bpftool"]
cpu_ratio = f"{bc / ec:6.2f}x" if ec > 0 else "     -"
print(f"{size:8s} {ew:10.0f} / {ec:9.0f} {bw:10.1f} / {bc:9.1f} {bw / ew:8.2f}x / {cpu_ratio}")
PY
done
