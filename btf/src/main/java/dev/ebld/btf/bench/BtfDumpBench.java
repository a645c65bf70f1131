package dev.ebld.btf.bench;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfDumper;
import dev.ebld.btf.BtfReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parse plus raw dump of a BTF file, in-process: the work {@code bpftool btf dump file F} does,
 * without process start-up. Usage: {@code BtfDumpBench [FILE] [ITERATIONS] [WARMUP]}, by default
 * {@code /sys/kernel/btf/vmlinux}, 20 timed iterations after 10 warm-up ones. Prints ms/op.
 */
public final class BtfDumpBench {
    private BtfDumpBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/sys/kernel/btf/vmlinux");
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Result r = run(file, iterations, warmup);
        System.out.printf("btf parse+raw dump %s: %.2f ms/op (min %.2f ms, %d iterations, %d types, %d chars)%n",
                file, r.meanMs(), r.minMs(), iterations, r.types(), r.chars());
    }

    /** Mean and best time of one read + parse + raw dump. */
    public record Result(double meanMs, double minMs, int types, long chars) {
    }

    public static Result run(Path file, int iterations, int warmup) throws Exception {
        long chars = 0;
        int types = 0;
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
        types = BtfReader.read(Files.readAllBytes(file)).types().size();
        return new Result(total / 1e6 / Math.max(1, iterations), min / 1e6, types, chars);
    }

    private static long once(Path file) throws Exception {
        Btf btf = BtfReader.read(Files.readAllBytes(file));
        return BtfDumper.raw(btf).length();
    }
}
