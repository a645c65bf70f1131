package dev.ebld.linker.bench;

import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Link-speed benchmark, ebld against {@code bpftool gen object} (libbpf's linker). Not a unit
 * test: run it by hand (see docs/design.md, "Static linker", Speed).
 *
 * <p>For each size N×M it generates N C files, each defining M global functions and M global
 * variables; every function reads its variable and calls the same-numbered function of the next
 * file, so each file also has M externs. They are compiled once with clang-19 ({@code -O2 -g},
 * BTF and DWARF included) and cached under {@code target/bench/}. Then it times:
 * ebld in-process (median of 5 after 3 warm-ups), ebld as a fresh JVM process, and bpftool as a
 * process, and prints the ratio bpftool / ebld-process. Processes are measured by wall time and
 * by CPU time (user + system, from {@code /usr/bin/time}); on a loaded machine only the CPU
 * ratio is meaningful.
 *
 * <p>Usage: {@code LinkBench [N M]...}, default {@code 2 10  10 100  20 200  40 200  40 400}.
 */
public final class LinkBench {
    private static final Path ROOT = Path.of("target/bench");

    private LinkBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length >= 2 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {2, 10, 10, 100, 20, 200, 40, 200, 40, 400};
        System.out.printf("%-8s %8s %17s %18s %18s %14s%n", "N x M", "globals", "ebld in-JVM ms",
                "ebld process ms", "bpftool ms", "ratio");
        System.out.printf("%-8s %8s %17s %18s %18s %14s%n", "", "", "wall / cpu", "wall / cpu", "wall / cpu",
                "wall / cpu");
        for (int i = 0; i + 1 < sizes.length; i += 2) {
            row(sizes[i], sizes[i + 1]);
        }
    }

    private static void row(int n, int m) throws Exception {
        List<Path> objs = generate(n, m);
        Path out = ROOT.resolve("out-" + n + "x" + m + ".o");
        List<LinkInput> ins = objs.stream().map(LinkInput::of).toList();
        LinkOptions opts = new LinkOptions(ins, out, Optional.empty(), false);
        for (int i = 0; i < 3; i++) {
            Linker.link(opts);
        }
        long[] inJvm = new long[5];
        long[] inJvmCpu = new long[5];
        for (int i = 0; i < inJvm.length; i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            Linker.link(opts);
            inJvm[i] = System.nanoTime() - t0;
            inJvmCpu[i] = processCpuNanos() - c0;
        }
        List<String> ebldCmd = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), LinkMain.class.getName(),
                out.toString()));
        objs.forEach(p -> ebldCmd.add(p.toString()));
        double[] proc = medianTimes(ebldCmd, 3);
        List<String> bpftoolCmd = new ArrayList<>(List.of("bpftool", "gen", "object",
                ROOT.resolve("bpftool-" + n + "x" + m + ".o").toString()));
        objs.forEach(p -> bpftoolCmd.add(p.toString()));
        double[] bpftool = medianTimes(bpftoolCmd, n * m > 4000 ? 1 : 3);
        System.out.printf("%-8s %8d %7.0f / %7.0f %8.0f / %7.0f %8.0f / %7.0f %5.1fx / %5.1fx%n", n + "x" + m,
                2L * n * m, median(inJvm) / 1e6, median(inJvmCpu) / 1e6, proc[0], proc[1], bpftool[0], bpftool[1],
                bpftool[0] / proc[0], bpftool[1] / proc[1]);
    }

    /**
     * CPU time of this whole JVM (all threads: parallel parsing, JIT, GC), from
     * {@code /proc/self/stat} (utime + stime, in clock ticks of 10 ms); 0 where there is no /proc.
     */
    private static long processCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Median wall and CPU milliseconds of {@code runs} runs. */
    private static double[] medianTimes(List<String> cmd, int runs) throws IOException, InterruptedException {
        long[] wall = new long[runs];
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            double[] t = timeProcess(cmd);
            wall[i] = (long) t[0];
            cpu[i] = (long) t[1];
        }
        return new double[] {median(wall), median(cpu)};
    }

    /** Wall and CPU (user + system) milliseconds of one run, CPU from /usr/bin/time. */
    private static double[] timeProcess(List<String> cmd) throws IOException, InterruptedException {
        Path times = Files.createTempFile("ebld-bench", ".time");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S"));
        timed.addAll(cmd);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(timed).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd.get(0) + " failed: " + new String(out));
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        String[] us = Files.readString(times).trim().split("\\s+");
        Files.delete(times);
        return new double[] {wall, (Double.parseDouble(us[0]) + Double.parseDouble(us[1])) * 1000};
    }

    private static long median(long... v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The N objects for N×M, compiled once and cached. */
    static List<Path> generate(int n, int m) throws IOException, InterruptedException {
        Path dir = ROOT.resolve(n + "x" + m);
        Files.createDirectories(dir);
        List<Path> objs = new ArrayList<>();
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path c = dir.resolve("g" + i + ".c");
            Path o = dir.resolve("g" + i + ".o");
            objs.add(o);
            if (Files.exists(o)) {
                continue;
            }
            Files.writeString(c, source(i, (i + 1) % n, m));
            running.add(new ProcessBuilder("clang-19", "-O2", "-g", "-target", "bpfel", "-mcpu=v3",
                    "-I/usr/include/x86_64-linux-gnu", "-c", c.toString(), "-o", o.toString())
                    .inheritIO().start());
            if (running.size() >= 2) {
                waitAll(running);
            }
        }
        waitAll(running);
        return objs;
    }

    private static void waitAll(List<Process> ps) throws InterruptedException, IOException {
        for (Process p : ps) {
            if (p.waitFor() != 0) {
                throw new IOException("clang-19 failed");
            }
        }
        ps.clear();
    }

    static String source(int i, int next, int m) {
        StringBuilder sb = new StringBuilder("#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n\n");
        for (int j = 0; j < m; j++) {
            sb.append("extern int f").append(next).append('_').append(j).append("(int x);\n");
        }
        for (int j = 0; j < m; j++) {
            sb.append("int v").append(i).append('_').append(j).append(" = ").append(j).append(";\n");
            sb.append("__noinline int f").append(i).append('_').append(j).append("(int x)\n{\n")
                    .append("\tif (x <= 0)\n\t\treturn v").append(i).append('_').append(j).append(";\n")
                    .append("\treturn f").append(next).append('_').append(j).append("(x - 1) + 1;\n}\n");
        }
        sb.append("\nSEC(\"xdp\")\nint prog").append(i).append("(struct xdp_md *ctx)\n{\n\treturn f")
                .append(i).append("_0(1);\n}\n\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
        return sb.toString();
    }
}
