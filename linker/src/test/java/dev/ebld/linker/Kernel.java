package dev.ebld.linker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real kernel as an oracle, through bpftool: load every program of an object, pin them,
 * run XDP programs on a packet. Tests using it are gated with {@code @RequiresKernel} (testkit).
 */
final class Kernel {
    private static final Pattern RETURN = Pattern.compile("Return value: (\\d+)");

    private Kernel() {
    }

    /** Output of a process: exit code and merged stdout+stderr. */
    record Run(int exit, String output) {
    }

    static Run run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timeout");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, e.toString());
        }
    }

    /** A loaded object: its pin directory, removed by {@link #close()}. */
    static final class Loaded implements AutoCloseable {
        final Path dir;
        final Run load;

        Loaded(Path object) {
            this.dir = Path.of("/sys/fs/bpf/ebld-test-" + UUID.randomUUID().toString().substring(0, 8));
            // Maps are pinned too: a prog_array loses its entries when its last user reference goes.
            run(List.of("mkdir", "-p", dir.resolve("progs").toString(), dir.resolve("maps").toString()));
            this.load = run(List.of("bpftool", "prog", "loadall", object.toString(), dir.resolve("progs").toString(),
                    "pinmaps", dir.resolve("maps").toString()));
        }

        boolean ok() {
            return load.exit() == 0;
        }

        /** Runs XDP program {@code name} on {@code packet}; the return value, or -1 with the log. */
        int runXdp(String name, Path packet, StringBuilder log) {
            Run r = run(List.of("bpftool", "prog", "run", "pinned", dir.resolve("progs").resolve(name).toString(),
                    "data_in", packet.toString()));
            Matcher m = RETURN.matcher(r.output());
            if (r.exit() != 0 || !m.find()) {
                log.append(name).append(": ").append(r.output()).append('\n');
                return -1;
            }
            return Integer.parseInt(m.group(1));
        }

        @Override
        public void close() {
            run(List.of("rm", "-rf", dir.toString()));
        }
    }

    /** {@code bpftool gen object out in...}: libbpf's linker, the peer. */
    static Run bpftoolLink(Path out, List<Path> inputs) {
        List<String> cmd = new ArrayList<>(Arrays.asList("bpftool", "gen", "object", out.toString()));
        inputs.forEach(p -> cmd.add(p.toString()));
        return run(cmd);
    }
}
