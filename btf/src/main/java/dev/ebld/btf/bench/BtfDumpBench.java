package dev.ebld.btf.bench;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfDumper;
import dev.ebld.btf.BtfReader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parse plus raw dump of a BTF file, in-process: the work {@code bpftool btf dump file F} does,
 * without process start-up. Usage:
 * {@code BtfDumpBench [FILE] [ITERATIONS] [WARMUP] [--vs-bpftool]}, by default
 * {@code /sys/kernel/btf/vmlinux}, 20 timed iterations after 10 warm-up ones. Prints ms/op; with
 * {@code --vs-bpftool} also runs bpftool as many times (output discarded) and prints the ratio.
 */
public final class BtfDumpBench {
    private BtfDumpBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> pos = new ArrayList<>();
        boolean vsBpftool = false;
        for (String a : args) {
            if (a.equals("--vs-bpftool")) {
                vsBpftool = true;
            } else {
                pos.add(a);
            }
        }
        Path file = Path.of(pos.size() > 0 ? pos.get(0) : "/sys/kernel/btf/vmlinux");
        int iterations = pos.size() > 1 ? Integer.parseInt(pos.get(1)) : 20;
        int warmup = pos.size() > 2 ? Integer.parseInt(pos.get(2)) : 10;
        Result r = run(file, iterations, warmup);
        System.out.printf("ebld btf parse+raw dump %s: %.2f ms/op (min %.2f ms, %d iterations, %d types, %d chars)%n",
                file, r.meanMs(), r.minMs(), iterations, r.types(), r.chars());
        if (vsBpftool) {
            double bpftool = bpftoolMs(file, iterations);
            System.out.printf("bpftool btf dump file %s (whole process): %.2f ms/op; ebld in-process / bpftool = %.2f%n",
                    file, bpftool, r.meanMs() / bpftool);
        }
    }

    /** Mean and best time of one read + parse + raw dump. */
    public record Result(double meanMs, double minMs, int types, long chars) {
    }

    public static Result run(Path file, int iterations, int warmup) throws Exception {
        long chars = 0;
        for (int i = 0; i < warmup; i++) {
            chars += once(file);
        }
        long total = 0;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            chars = once(file);
            long dt = System.nanoTime() - t0;
            total += dt;
            min = Math.min(min, dt);
        }
        int types = BtfReader.read(Files.readAllBytes(file)).types().size();
        return new Result(total / 1e6 / Math.max(1, iterations), min / 1e6, types, chars);
    }

    private static long once(Path file) throws Exception {
        Btf btf = BtfReader.read(Files.readAllBytes(file));
        return BtfDumper.raw(btf).length();
    }

    /** Mean wall time of {@code bpftool btf dump file FILE}, stdout discarded. */
    static double bpftoolMs(Path file, int iterations) throws Exception {
        long total = 0;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", file.toString())
                    .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("bpftool exited " + p.exitValue());
            }
            total += System.nanoTime() - t0;
        }
        return total / 1e6 / Math.max(1, iterations);
    }
}
