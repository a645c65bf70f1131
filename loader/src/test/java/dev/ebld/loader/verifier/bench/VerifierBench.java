package dev.ebld.loader.verifier.bench;

import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.verifier.CorpusLoad;
import dev.ebld.loader.verifier.SafetyVerifier;
import dev.ebld.loader.verifier.Verdict;
import dev.ebld.loader.verifier.Verifier;
import dev.ebld.loader.verifier.VerifierRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * TEST-ONLY benchmark (issue 12), no JUnit: for each verifier-corpus program the kernel accepts,
 * the instructions {@link SafetyVerifier} processes next to the kernel's count, and the time it
 * takes in process (warm: after a warm-up, the median of repeated runs) next to the kernel's own
 * verification time and the whole {@code bpf_object__load} (medians of 11 loads, by
 * kernel_verify_time.c, built with gcc and run as root; skipped if that fails).
 *
 * <p>Run from the repository root: {@code mvn -B -q -o -pl loader -am test-compile}, then
 * {@code java -cp CP dev.ebld.loader.verifier.bench.VerifierBench [fixtures-dir] [program ...]}
 * where CP is loader/target/test-classes followed by every module's target/classes directory
 * (in bash: the glob of target/classes one level down, joined with colons).
 * With no programs named it measures every accepted corpus program and prints them largest first;
 * a {@code !} after the instruction count marks a program this verifier refused. Each program is
 * loaded by the real loader into the simulated kernel ({@link CorpusLoad}) and timed at its
 * verifier seam; one the simulated kernel refuses before verifying is listed, not measured.
 */
public final class VerifierBench {
    private static final int RUNS = 11;
    /** Per program: long enough for C2 to compile the verifier's hot paths on this loaded machine. */
    private static final long WARMUP_NANOS = 2_000_000_000L;

    private VerifierBench() {
    }

    record Row(String name, boolean accepted, int insns, int ebldProcessed, double ebldMs, long kernelProcessed,
            double kernelVerifyMs, double kernelLoadMs) {
    }

    public static void main(String[] args) throws Exception {
        Path fixtures = Path.of(args.length > 0 ? args[0] : "fixtures").toAbsolutePath().normalize();
        List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : accepted(fixtures);
        Path kvt = buildKernelTimer();
        List<Row> rows = new ArrayList<>();
        for (String n : names) {
            Row r = measure(fixtures.resolve("obj/verifier/" + n + ".o"), n, kvt);
            if (r != null) {
                rows.add(r);
            }
        }
        rows.sort((a, b) -> Long.compare(b.kernelProcessed() < 0 ? b.ebldProcessed() : b.kernelProcessed(),
                a.kernelProcessed() < 0 ? a.ebldProcessed() : a.kernelProcessed()));
        System.out.printf("%-24s %6s %10s %10s %7s %10s %10s %10s %7s%n", "program", "insns", "ebld proc",
                "kern proc", "ratio", "kern ms", "kload ms", "ebld ms", "ratio");
        for (Row r : rows) {
            System.out.printf("%-24s %6d%s %9d %10d %7.2f %10.3f %10.3f %10.3f %7.2f%n", r.name(), r.insns(),
                    r.accepted() ? "" : "!", r.ebldProcessed(), r.kernelProcessed(), (double) r.ebldProcessed() / r.kernelProcessed(),
                    r.kernelVerifyMs(), r.kernelLoadMs(), r.ebldMs(), r.ebldMs() / r.kernelVerifyMs());
        }
    }

    private static List<String> accepted(Path fixtures) throws Exception {
        try (Stream<String> lines = Files.lines(fixtures.resolve("golden/verifier/kernel-verdicts.tsv"))) {
            return lines.map(l -> l.split("\t", -1)).filter(f -> f[1].equals("accept")).map(f -> f[0]).toList();
        }
    }

    private static Row measure(Path obj, String name, Path kvt) throws Exception {
        Timed timed = new Timed();
        CorpusLoad load = CorpusLoad.run(obj, timed, LogOptions.NONE);
        if (timed.first == null) {
            System.out.println(name + ": not verified, the simulated kernel refused it first: " + load.reason());
            return null;
        }
        long[][] k = kvt == null ? null : kernel(kvt, obj);
        return new Row(name, load.accepted(), timed.insns, timed.first.verifiedInsns(), median(timed.nanos) / 1e6,
                k == null ? -1 : k[1][RUNS / 2], k == null ? Double.NaN : median(k[0]) / 1e3,
                k == null ? Double.NaN : median(k[2]) / 1e3);
    }

    /**
     * The verifier behind the simulated kernel's seam, timed there: the first request the real
     * loader sends is verified, then again after a warm-up, while the kernel still holds the
     * maps its fds name. A refusal's log-asking second load is answered without timing.
     */
    private static final class Timed implements Verifier {
        private final SafetyVerifier v = new SafetyVerifier();
        private final long[] nanos = new long[RUNS];
        private Verdict first;
        private int insns;

        @Override
        public Verdict verify(VerifierRequest req) {
            if (first != null) {
                return v.verify(req);
            }
            first = v.verify(req);
            insns = req.insns().size();
            long until = System.nanoTime() + WARMUP_NANOS;
            while (System.nanoTime() < until) {
                v.verify(req);
            }
            for (int i = 0; i < RUNS; i++) {
                long a = System.nanoTime();
                v.verify(req);
                nanos[i] = System.nanoTime() - a;
            }
            return first;
        }
    }

    /** The kernel timer's columns (verify usec, processed, load usec), one array per column. */
    private static long[][] kernel(Path kvt, Path obj) throws Exception {
        Process p = new ProcessBuilder(kvt.toString(), obj.toString(), Integer.toString(RUNS))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<long[]> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(Arrays.stream(l.trim().split(" ")).mapToLong(Long::parseLong).toArray());
            }
        }
        if (p.waitFor() != 0 || lines.size() != RUNS) {
            return null;
        }
        long[][] cols = new long[3][RUNS];
        for (int i = 0; i < RUNS; i++) {
            for (int c = 0; c < 3; c++) {
                cols[c][i] = lines.get(i)[c];
            }
        }
        return cols;
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static Path buildKernelTimer() {
        try {
            Path src = Path.of("loader/src/test/java/dev/ebld/loader/verifier/bench/kernel_verify_time.c");
            Path exe = Files.createTempFile("kernel_verify_time", "");
            Process p = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), src.toString(), "-lbpf")
                    .inheritIO().start();
            return p.waitFor() == 0 ? exe : null;
        } catch (Exception e) {
            return null;
        }
    }
}
