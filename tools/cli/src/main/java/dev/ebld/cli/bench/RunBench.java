package dev.ebld.cli.bench;

import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.interp.BytecodeExecutor;
import dev.ebld.loader.interp.Executor;
import dev.ebld.loader.interp.Interpreter;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.sim.SimKernel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nanoseconds per packet: the simulated kernel's two executors, the interpreter and the compiler
 * to JVM bytecode (in-process, JIT warm), against the real kernel's JIT ({@code bpftool prog run ... repeat N}), on a single XDP program and on the
 * rootlet dispatching to two components (the statically linked dispatcher of {@code ebld demo}).
 * Both sides report the average over N runs of one test run: the kernel its own timer (which
 * pauses while the task is rescheduled), the interpreter the thread's CPU time around the test
 * run, divided by N; the table prints medians over the rounds.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "ns per packet: the simulated kernel's interpreter and compiled executor against the kernel's JIT"
                + " (bpftool prog run).")
final class RunBench implements Callable<Integer> {
    private static final Pattern AVERAGE = Pattern.compile("Return value: (\\d+), duration \\(average\\): (\\d+)ns");

    /** One measured program: an object (linked from inputs when there are several) and a program in it. */
    record Case(String label, List<String> inputs, String program, String packet) {
    }

    static final List<Case> CASES = List.of(
            new Case("single XDP program (progs_multi xdp_calls)", List.of("progs_multi-el.o"), "xdp_calls",
                    "ipv4_udp53_a.bin"),
            new Case("rootlet + firewall + load balancer (dispatcher)",
                    List.of("rootlet-el.o", "dispatch_fw-el.o", "dispatch_lb-el.o"), "rootlet", "ipv4_udp53_a.bin"));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--repeat", defaultValue = "1000000", paramLabel = "N",
            description = "Runs per measurement, as bpftool's repeat (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N",
            description = "Measurements per side; the table shows medians (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "SECONDS",
            description = "In-process JIT warm-up time per case (default ${DEFAULT-VALUE} s).")
    double warmupSeconds;

    @Option(names = "--bpftool", defaultValue = "bpftool", paramLabel = "PROGRAM",
            description = "Runs programs in the real kernel (default ${DEFAULT-VALUE}).")
    String bpftool;

    @Override
    public Integer call() throws Exception {
        Report report = new Report(spec.commandLine().getOut());
        Path fixtures = BenchInputs.root().map(r -> r.resolve("fixtures"))
                .orElseThrow(() -> new IOException("fixtures/ not found next to this ebld build"));
        boolean kernel = Processes.available(bpftool) && Files.isDirectory(Path.of("/sys/fs/bpf"));
        report.heading(String.format("run: Java %s; %d rounds of %d runs per side; ns per packet, medians",
                System.getProperty("java.version"), rounds, repeat));
        report.line("  %-48s %12s %12s %12s %8s %8s", "program", "interpreter", "compiled", "kernel JIT",
                "ratio", "ratio");
        report.line("  %-48s %12s %12s %12s %8s %8s", "", "(CPU time)", "(CPU time)", "(bpftool)", "interp.",
                "compiled");
        Path work = Files.createTempDirectory("ebld-bench-run");
        for (Case c : CASES) {
            Path obj = object(fixtures, c, work);
            byte[] packet = Files.readAllBytes(fixtures.resolve("pkt").resolve(c.packet()));
            long sim = median(simulated(obj, c.program(), packet, new Interpreter()));
            long compiled = median(simulated(obj, c.program(), packet, new BytecodeExecutor()));
            Optional<Long> real = kernel ? Optional.of(median(inKernel(obj, c.program(),
                    fixtures.resolve("pkt").resolve(c.packet()), work))) : Optional.empty();
            report.line("  %-48s %9d ns %9d ns %12s %8s %8s", c.label(), sim, compiled,
                    real.map(r -> r + " ns").orElse("n/a"), ratio(sim, real), ratio(compiled, real));
        }
        if (!kernel) {
            report.line("  (no kernel column: %s or /sys/fs/bpf is missing)", bpftool);
        }
        report.line("  ratio = simulated executor / kernel JIT; the goal is at most 10x");
        report.flush();
        return 0;
    }

    /** The case's object: the fixture itself, or the inputs linked into {@code work}. */
    private static Path object(Path fixtures, Case c, Path work) throws Exception {
        List<LinkInput> in = new ArrayList<>();
        c.inputs().forEach(i -> in.add(LinkInput.of(fixtures.resolve("obj").resolve(i))));
        if (in.size() == 1) {
            return in.get(0).path();
        }
        Path out = work.resolve(c.program() + "-linked.o");
        Linker.link(in, LinkOptions.defaults()).write(out);
        return out;
    }

    /** Averages of {@code rounds} test runs of {@code repeat} each, after warming the JIT up. */
    private long[] simulated(Path obj, String prog, byte[] packet, Executor executor) throws IOException {
        SimKernel machine = new SimKernel().executor(executor);
        try (LoadedObject loaded = BpfObject.open(obj).load(machine.rootProcess(), LoadOptions.defaults())) {
            ProgFd fd = loaded.program(prog).fd();
            TestRunAttr warm = new TestRunAttr(Optional.of(packet), 0, Optional.empty(), 0, 10_000, 0, 0);
            long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
            while (System.nanoTime() < until) {
                loaded.kernel().progTestRun(fd, warm);
            }
            TestRunAttr attr = new TestRunAttr(Optional.of(packet), 0, Optional.empty(), 0, repeat, 0, 0);
            // Thread CPU time, not the run's wall clock: the kernel's test run stops its timer
            // while the task is rescheduled, and on a loaded machine wall time would count
            // other jobs' turns against the interpreter.
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] out = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                loaded.kernel().progTestRun(fd, attr);
                out[i] = (cpu.getCurrentThreadCpuTime() - t0) / repeat;
            }
            return out;
        }
    }

    /** bpftool's averages: the object loaded once ({@code prog loadall}), {@code rounds} runs of {@code repeat}. */
    private long[] inKernel(Path obj, String prog, Path packet, Path work) throws Exception {
        Path dir = Path.of("/sys/fs/bpf/ebld_bench_" + ProcessHandle.current().pid());
        Processes.timeOnce(List.of(bpftool, "prog", "loadall", obj.toString(), dir.toString()));
        try {
            long[] out = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                String text = Processes.capture(List.of(bpftool, "prog", "run", "pinned",
                        dir.resolve(prog).toString(), "data_in", packet.toString(), "repeat",
                        Integer.toString(repeat)));
                Matcher m = AVERAGE.matcher(text);
                if (!m.find()) {
                    throw new IOException("bpftool prog run " + prog + ": no average duration in: " + text);
                }
                out[i] = Long.parseLong(m.group(2));
            }
            return out;
        } finally {
            Processes.timeOnce(List.of("rm", "-rf", dir.toString()));
        }
    }

    private static String ratio(long sim, Optional<Long> real) {
        return real.map(r -> String.format("%.1fx", sim / (double) Math.max(r, 1))).orElse("-");
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
