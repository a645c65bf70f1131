package dev.ebld.btf.dedup;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfWriter;
import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.SectionType;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Dedup benchmark: vmlinux BTF appended to itself 2 and 4 times, deduplicated by ebld and by
 * libbpf. Run as a plain main (not a unit test): {@code DedupBench [reps] [copies...]}.
 *
 * <p>The input is vmlinux without its trailing DATASEC ({@code .data..percpu}): libbpf's static
 * linker insists on an ELF symbol for every DATASEC variable, which a raw BTF wrapped in an
 * object cannot provide. Everything else (structs, functions, VARs) is there, on both sides.
 * Three contenders, each timed in wall clock and CPU (the machine may be shared: CPU time is the
 * steadier measure):
 * <ul>
 * <li>ebld in-process: {@link Dedup#dedup} on the concatenated blob, after warm-up; CPU is the
 *     whole JVM's (JIT and GC threads included);</li>
 * <li>libbpf in-process: {@code btf__dedup} of libbpf.so.1 on the same bytes, through
 *     {@code fixtures/libbpf-dedup.py} (python3 ctypes);</li>
 * <li>libbpf as a whole process: {@code bpftool gen object out.o in.o} where in.o's .BTF is the
 *     same blob; that includes reading, linking and writing the object, not only dedup.</li>
 * </ul>
 */
public final class DedupBench {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    private DedupBench() {
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] copies = args.length > 1 ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray() : new int[] {2, 4};
        Btf vmlinux = withoutTrailingDatasecs(BtfFiles.read(VMLINUX));
        System.out.printf("vmlinux: %d types (trailing DATASECs dropped), %d reps, medians%n",
                vmlinux.types().size(), reps);
        List<Btf> merged = new ArrayList<>();
        for (int k : copies) {
            List<Btf> inputs = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                inputs.add(vmlinux);
            }
            merged.add(Concat.concat(inputs).merged());
        }
        warmUp(merged);
        for (int i = 0; i < copies.length; i++) {
            benchCopies(merged.get(i), copies[i], reps);
        }
    }

    /**
     * Runs every input until each had ten runs and ten seconds passed, so the JIT has compiled
     * every path and the heap has grown to size before anything is timed. The very first run is
     * reported apart: that is what a one-shot command pays.
     */
    private static void warmUp(List<Btf> merged) {
        long start = System.nanoTime();
        for (int round = 0; round < 40 && (round < 10 || System.nanoTime() - start < 10_000_000_000L); round++) {
            for (Btf m : merged) {
                long t0 = System.nanoTime();
                Dedup.dedup(m);
                if (round == 0 && m == merged.get(0)) {
                    System.out.printf("ebld first run in a fresh JVM (JIT cold): %.1f ms wall%n", (System.nanoTime() - t0) / 1e6);
                }
            }
        }
    }

    private static void benchCopies(Btf merged, int k, int reps) throws Exception {
        byte[] raw = BtfWriter.write(merged);
        double[][] ebld = timeEbld(merged, reps);
        DedupResult r = Dedup.dedup(merged);
        int ebldBytes = BtfWriter.write(r.btf()).length;
        System.out.printf("%nvmlinux x%d: %d types in, ebld -> %d types %d bytes%n", k, merged.typeCount(),
                r.btf().typeCount(), ebldBytes);
        print("ebld Dedup.dedup (in-process)", ebld, null);
        double[][] lib = timeLibbpf(raw, reps);
        if (lib != null) {
            print("libbpf btf__dedup (in-process, ctypes)", lib, ebld);
        } else {
            System.out.println("  libbpf btf__dedup: not measured (needs python3 and libbpf.so.1)");
        }
        double[][] gen = timeGenObject(raw, reps);
        if (gen != null) {
            print("bpftool gen object (whole process)", gen, ebld);
        }
    }

    /** [wall ms, cpu ms] per rep, after {@link #warmUp}. */
    private static double[][] timeEbld(Btf merged, int reps) {
        double[][] out = new double[reps][];
        for (int i = 0; i < reps; i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            Dedup.dedup(merged);
            long t1 = System.nanoTime();
            long c1 = processCpuNanos();
            out[i] = new double[] {(t1 - t0) / 1e6, (c1 - c0) / 1e6};
        }
        return out;
    }

    private static double[][] timeLibbpf(byte[] raw, int reps) throws Exception {
        if (!onPath("python3")) {
            return null;
        }
        Path in = Files.createTempFile("vmlinux-n", ".btf");
        try {
            Files.write(in, raw);
            String text = run(List.of("python3", LibbpfDedup.script().toString(), "raw", in.toString(),
                    Integer.toString(reps)));
            if (text == null) {
                return null;
            }
            List<double[]> out = new ArrayList<>();
            for (String line : text.trim().split("\n")) {
                String[] w = line.trim().split(" ");
                System.out.printf("  (libbpf: %s types %s bytes)%n", w[3], w[5]);
                out.add(new double[] {Double.parseDouble(w[7]), Double.parseDouble(w[9])});
            }
            return out.toArray(new double[0][]);
        } finally {
            Files.deleteIfExists(in);
        }
    }

    /** bpftool gen object on an object whose .BTF is {@code raw}; wall and user+sys CPU via bash's time. */
    private static double[][] timeGenObject(byte[] raw, int reps) throws Exception {
        if (!onPath("bpftool") || !onPath("bash")) {
            System.out.println("  bpftool gen object: not measured (bpftool missing)");
            return null;
        }
        Path dir = Files.createTempDirectory("ebld-bench");
        try {
            Path in = dir.resolve("in.o");
            ElfBuilder b = new ElfBuilder(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.addSection(".BTF", SectionType.SHT_PROGBITS, 0, 4, raw);
            Files.write(in, ElfWriter.write(b.build()));
            double[][] out = new double[reps][];
            for (int i = 0; i < reps; i++) {
                String cmd = "TIMEFORMAT='%R %U %S'; { time bpftool gen object " + dir.resolve("out.o") + " " + in
                        + " >/dev/null 2>&1 ; } 2>&1";
                String text = run(List.of("bash", "-c", cmd));
                String[] w = text.trim().split("\\s+");
                out[i] = new double[] {Double.parseDouble(w[0]) * 1000,
                        (Double.parseDouble(w[1]) + Double.parseDouble(w[2])) * 1000};
            }
            System.out.printf("  (bpftool gen object: output %d bytes)%n", Files.size(dir.resolve("out.o")));
            return out;
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void print(String what, double[][] runs, double[][] ebld) {
        double wall = median(runs, 0);
        double cpu = median(runs, 1);
        String ratio = "";
        if (ebld != null) {
            ratio = String.format("   ebld/this: wall %.2f, cpu %.2f", median(ebld, 0) / wall, median(ebld, 1) / cpu);
        }
        System.out.printf("  %-42s %8.1f ms/op wall %8.1f ms/op cpu%s%n", what, wall, cpu, ratio);
    }

    private static double median(double[][] runs, int col) {
        double[] v = new double[runs.length];
        for (int i = 0; i < runs.length; i++) {
            v[i] = runs[i][col];
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static Btf withoutTrailingDatasecs(Btf btf) {
        List<BtfType> types = btf.types();
        int keep = types.size();
        while (keep > 0 && types.get(keep - 1).kind() == BtfKind.DATASEC) {
            keep--;
        }
        return Btf.of(types.subList(0, keep), btf.strings(), btf.byteOrder(), null);
    }

    /**
     * The JVM's user+system CPU time from /proc/self/stat (clock ticks, 100 per second on Linux),
     * all threads included; java.management is not in this module's graph.
     */
    private static long processCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? out : null;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
