package dev.ebld.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated inputs for the link benchmark: {@code objects} BPF objects, each defining
 * {@code globals} global functions and as many global variables, plus one XDP program that
 * calls into its own object and into the previous one (so every object has an extern the
 * linker must resolve). Compiled once with clang and kept in a directory named after the size,
 * so repeated runs reuse them.
 */
record LinkScenario(int objects, int globals) {

    static LinkScenario parse(String spec) {
        String[] p = spec.split("x");
        if (p.length != 2) {
            throw new IllegalArgumentException("size must look like 40x400, not " + spec);
        }
        return new LinkScenario(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }

    String label() {
        return objects + "x" + globals;
    }

    /** Global symbols the linker resolves: functions, variables and one program per object. */
    int symbolCount() {
        return objects * (2 * globals + 1);
    }

    /** The compiled objects, generating and compiling whatever is missing. */
    List<Path> build(Path workDir, String clang) throws IOException, InterruptedException {
        Path dir = workDir.resolve(label());
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            out.add(Processes.compileOnce(dir, "o" + i, source(i), List.of(clang, "-O2", "-g", "-target", "bpfel")));
        }
        return out;
    }

    private String source(int i) {
        StringBuilder c = new StringBuilder(globals * 96 + 512);
        c.append("#define SEC(n) __attribute__((section(n), used))\n");
        if (i == 0) {
            c.append("char LICENSE[] SEC(\"license\") = \"GPL\";\n");
        }
        for (int j = 0; j < globals; j++) {
            c.append("int v_").append(i).append('_').append(j).append(" = ").append(j + 1).append(";\n");
            c.append("__attribute__((noinline)) int f_").append(i).append('_').append(j)
                    .append("(int x) { return x + v_").append(i).append('_').append(j).append("; }\n");
        }
        String call = i == 0 ? "0" : "f_" + (i - 1) + "_0(1)";
        if (i > 0) {
            c.append("extern int f_").append(i - 1).append("_0(int x);\n");
        }
        c.append("SEC(\"xdp\") int prog_").append(i).append("(void *ctx) { return f_").append(i)
                .append("_0(2) + ").append(call).append("; }\n");
        return c.toString();
    }
}
