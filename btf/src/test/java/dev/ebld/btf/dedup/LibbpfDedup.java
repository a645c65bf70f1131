package dev.ebld.btf.dedup;

import dev.ebld.btf.Bpftool;
import dev.ebld.btf.Fixtures;
import dev.ebld.testkit.Oracles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * libbpf's own {@code btf__dedup}, run through {@code fixtures/libbpf-dedup.py raw} (python3 +
 * ctypes + libbpf.so.1, the library bpftool 7.1 is built from): an oracle, so a test asks
 * {@link #assumeAvailable} first.
 */
final class LibbpfDedup {
    /** One run: type count (void included), raw size in bytes, milliseconds spent in btf__dedup. */
    record Run(int types, int bytes, double ms) {
    }

    /** Runs and the raw BTF libbpf produced in the last one. */
    record Result(Run[] runs, byte[] output) {
    }

    private LibbpfDedup() {
    }

    static boolean available() {
        return Bpftool.onPath("python3") && (Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libbpf.so.1"))
                || Files.exists(Path.of("/usr/lib/libbpf.so.1")) || Files.exists(Path.of("/lib/x86_64-linux-gnu/libbpf.so.1")));
    }

    /** The script, which fixtures/build.sh also runs to make golden/dedup. */
    static Path script() {
        return Fixtures.root().resolve("libbpf-dedup.py");
    }

    /**
     * Skips the rest of the test (printing why), or fails it when the oracles are required, when
     * libbpf's dedup cannot run here.
     */
    static void assumeAvailable(String what) {
        Oracles.assumeOracle(available(), what, "python3 and libbpf.so.1 are needed to run libbpf's btf__dedup");
    }

    /** Runs libbpf's dedup {@code repeat} times on {@code raw} BTF bytes; see {@link #assumeAvailable}. */
    static Result dedup(byte[] raw, int repeat) throws Exception {
        if (!available()) {
            throw new IllegalStateException("libbpf's dedup is not available: call assumeAvailable first");
        }
        Path in = Files.createTempFile("ebld-merged", ".btf");
        Path out = Files.createTempFile("libbpf-deduped", ".btf");
        try {
            Files.write(in, raw);
            String text = Bpftool.exec(List.of("python3", script().toString(), "raw", in.toString(),
                    Integer.toString(repeat), out.toString()), null);
            String[] lines = text.trim().split("\n");
            Run[] runs = new Run[lines.length];
            for (int i = 0; i < lines.length; i++) {
                String[] w = lines[i].trim().split(" ");
                if (!w[1].equals("0")) {
                    throw new AssertionError("libbpf btf__dedup failed: " + lines[i]);
                }
                runs[i] = new Run(Integer.parseInt(w[3]), Integer.parseInt(w[5]), Double.parseDouble(w[7]));
            }
            return new Result(runs, Files.readAllBytes(out));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(in);
        }
    }
}
