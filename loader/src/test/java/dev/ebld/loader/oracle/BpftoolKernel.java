package dev.ebld.loader.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's real kernel through bpftool, for differential tests: one object loaded with
 * {@code bpftool prog loadall} into a private bpffs directory, its programs run with
 * {@code bpftool prog run}, its maps read back by id (never by name: other tests may have
 * objects of the same name loaded at the same time). Closing removes the directory (and the
 * maps' pin directory), which unloads everything.
 */
public final class BpftoolKernel implements AutoCloseable {
    private static final Pattern RETURN = Pattern.compile("Return value: (\\d+), duration(?: \\(average\\))?: (\\d+)ns");
    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]*)\"");
    private static final Pattern MAP_IDS = Pattern.compile("\"map_ids\":\\[([0-9,]*)\\]");
    private static final Pattern HEX = Pattern.compile("\"0x([0-9a-f]{2})\"");
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A command's exit status and its stdout and stderr together. */
    public record Run(int exit, String output) {
    }

    /**
     * One run of a program: its return value, average duration, and the packet that came out;
     * or, when the kernel refused the run, its errno (0 for a run that happened).
     */
    public record ProgRun(int errno, long retval, long durationNs, byte[] dataOut) {
    }

    private final Path dir;
    private final Run load;

    private BpftoolKernel(Path dir, Run load) {
        this.dir = dir;
        this.load = load;
    }

    /** Loads every autoloaded program of {@code object} ({@code bpftool prog loadall}). */
    public static BpftoolKernel loadAll(Path object) {
        Path dir = Path.of("/sys/fs/bpf/ebld_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet());
        // Maps are pinned too: the kernel empties a prog_array when its last user-space
        // reference goes, while the simulated kernel's loaded object still holds its fds. An
        // object whose maps libbpf pins by name itself cannot take a second pin path.
        Run r = run(List.of("bpftool", "prog", "loadall", object.toString(), dir.toString(),
                "pinmaps", dir + "_maps"));
        if (r.exit() != 0 && r.output().contains("failed to pin all maps")) {
            run(List.of("rm", "-rf", dir.toString(), dir + "_maps"));
            r = run(List.of("bpftool", "prog", "loadall", object.toString(), dir.toString()));
        }
        return new BpftoolKernel(dir, r);
    }

    /** Empty when the kernel accepted the object, else bpftool's output (libbpf's log and the verifier's). */
    public Optional<String> refusal() {
        return load.exit() == 0 ? Optional.empty() : Optional.of(load.output());
    }

    /** Runs program {@code name} on {@code packet} {@code repeat} times (bpftool's {@code repeat}). */
    public ProgRun run(String name, Path packet, int repeat) {
        try {
            Path out = Files.createTempFile("ebld-data-out", ".bin");
            try {
                List<String> cmd = new ArrayList<>(Arrays.asList("bpftool", "prog", "run", "pinned",
                        pin(name), "data_in", packet.toString(), "data_out", out.toString()));
                if (repeat > 1) {
                    cmd.addAll(List.of("repeat", Integer.toString(repeat)));
                }
                Run r = run(cmd);
                Matcher m = RETURN.matcher(r.output());
                if (r.exit() != 0 && r.output().contains("failed to run program")) {
                    // bpftool exits with the negated errno of BPF_PROG_TEST_RUN.
                    return new ProgRun(256 - r.exit(), 0, 0, new byte[0]);
                }
                if (r.exit() != 0 || !m.find()) {
                    throw new AssertionError(String.join(" ", cmd) + ":\n" + r.output());
                }
                return new ProgRun(0, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                        Files.readAllBytes(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The value at key 0 of every array map program {@code name} uses, by the map's kernel name
     * (for an object's data maps {@code <obj8>.bss}, {@code .data}, {@code .rodata}).
     */
    public Map<String, byte[]> firstValues(String name) {
        Run show = checked(List.of("bpftool", "-j", "prog", "show", "pinned", pin(name)));
        Matcher ids = MAP_IDS.matcher(show.output());
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!ids.find() || ids.group(1).isEmpty()) {
            return out;
        }
        for (String id : ids.group(1).split(",")) {
            Run info = checked(List.of("bpftool", "-j", "map", "show", "id", id));
            if (!info.output().contains("\"type\":\"array\"")) {
                continue;
            }
            Matcher n = NAME.matcher(info.output());
            Run dump = checked(List.of("bpftool", "-j", "map", "dump", "id", id));
            int value = dump.output().indexOf("\"value\":[");
            if (!n.find() || value < 0) {
                continue;
            }
            String v = dump.output().substring(value, dump.output().indexOf(']', value));
            Matcher h = HEX.matcher(v);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            while (h.find()) {
                bytes.write(Integer.parseInt(h.group(1), 16));
            }
            out.put(n.group(1), bytes.toByteArray());
        }
        return out;
    }

    private String pin(String name) {
        return dir.resolve(name).toString();
    }

    @Override
    public void close() {
        run(List.of("rm", "-rf", dir.toString(), dir + "_maps"));
    }

    private static Run checked(List<String> cmd) {
        Run r = run(cmd);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + ":\n" + r.output());
        }
        return r;
    }

    /** Runs {@code cmd}, stdout and stderr together. */
    public static Run run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(p.waitFor(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
