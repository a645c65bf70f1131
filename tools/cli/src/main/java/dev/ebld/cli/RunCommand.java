package dev.ebld.cli;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.BpfProgram;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LoadedProgram;
import dev.ebld.loader.interp.BytecodeExecutor;
import dev.ebld.loader.interp.Interpreter;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.verifier.SafetyVerifier;
import dev.ebld.loader.verifier.StructuralVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code ebld run}: loads an object into a fresh simulated kernel, or with {@code --kernel linux}
 * into this machine's kernel, as libbpf would (every autoloaded program, its maps and globals),
 * and test-runs one program as {@code bpftool prog run} does, printing the same first line
 * whichever kernel ran it. Globals can be set by name before the load (const volatile knobs) and
 * shown by name after the run, both through the object's BTF.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Load an object into the simulated (or the real) kernel and test-run one program.")
public final class RunCommand implements Callable<Integer> {
    /** Room for the output packet: the largest packet BPF_PROG_TEST_RUN takes, and then some. */
    private static final int DATA_OUT_ROOM = 65536;
    private static final int CTX_OUT_ROOM = 4096;

    /** The verifier the simulated kernel asks. */
    enum VerifierChoice { safety, structural }

    /** Which executor runs the program in the simulated kernel. */
    enum ExecutorChoice { compiled, interpreter }

    /** Which kernel runs the program. */
    enum KernelChoice { sim, linux }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OBJ", description = "The BPF object to load.")
    Path object;

    @Option(names = "--prog", required = true, paramLabel = "NAME", description = "The program to run.")
    String prog;

    @Option(names = "--data-in", paramLabel = "FILE", description = "The packet to run on.")
    Path dataIn;

    @Option(names = "--data-out", paramLabel = "FILE", description = "Where to write the packet that comes out.")
    Path dataOut;

    @Option(names = "--ctx-in", paramLabel = "FILE", description = "The context to run with.")
    Path ctxIn;

    @Option(names = "--ctx-out", paramLabel = "FILE", description = "Where to write the context that comes out.")
    Path ctxOut;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Run N times; the duration printed is the average.")
    int repeat;

    @Option(names = "--set", paramLabel = "VAR=VALUE",
            description = "Set global VAR (for example a const volatile knob) before the load.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--show-globals", description = "After the run, print the object's globals by name.")
    boolean showGlobals;

    @Option(names = "--trace", description = "Print each executed instruction and the registers it changed.")
    boolean trace;

    @Option(names = "--verifier", paramLabel = "NAME", defaultValue = "safety",
            description = "The simulated kernel's verifier: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    VerifierChoice verifier;

    @Option(names = "--executor", paramLabel = "NAME", defaultValue = "compiled",
            description = "The simulated kernel's executor: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE});"
                    + " --trace always interprets.")
    ExecutorChoice executor;

    @Option(names = "--kernel", paramLabel = "NAME", defaultValue = "sim",
            description = "Where to load and run: sim (the simulated kernel) or linux (this machine's"
                    + " kernel, through bpf(2); needs Java 25+ and root or CAP_BPF).")
    KernelChoice kernel;

    /** Options that choose how the simulated kernel works, refused with {@code --kernel linux}. */
    private static final List<String> SIM_ONLY = List.of("--verifier", "--executor", "--trace");

    @Override
    public Integer call() throws IOException, BadInputException {
        checkOptions();
        BpfObject obj = BpfObject.open(object);
        BpfProgram program = program(obj);
        for (String s : sets) {
            setGlobal(obj, s);
        }
        LoadOptions options = program.autoload() ? LoadOptions.defaults()
                : LoadOptions.defaults().withAutoload(prog, true);
        return switch (kernel) {
            case sim -> runInSimulator(obj, options);
            case linux -> runInLinux(obj, options);
        };
    }

    private void checkOptions() {
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1");
        }
        if (kernel == KernelChoice.linux) {
            for (String option : SIM_ONLY) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), option + " works in the"
                            + " simulated kernel only; the real kernel (--kernel linux) runs its own"
                            + " verifier and JIT and has no instruction trace");
                }
            }
        }
    }

    private int runInSimulator(BpfObject obj, LoadOptions options) throws IOException, BadInputException {
        SimKernel machine = new SimKernel().verifier(verifier == VerifierChoice.safety
                ? new SafetyVerifier() : new StructuralVerifier())
                .executor(switch (executor) {
                    case compiled -> new BytecodeExecutor();
                    case interpreter -> new Interpreter();
                });
        try (LoadedObject loaded = obj.load(machine.rootProcess(), options)) {
            RunTrace tracer = null;
            if (trace) {
                tracer = new RunTrace(loaded.programs().values());
                machine.executor(new Interpreter(tracer));
            }
            runAndPrint(loaded, tracer);
        }
        return Main.OK;
    }

    /**
     * The same load into this machine's kernel, found by name (the backend is compiled for a newer
     * Java than this CLI), with a pin root of its own; every fd and pin is gone after.
     */
    private int runInLinux(BpfObject obj, LoadOptions options) throws IOException, BadInputException {
        try (LinuxLoad real = LinuxLoad.open(obj, options)) {
            runAndPrint(real.loaded(), null);
        }
        return Main.OK;
    }

    /** Test-runs the program and prints what bpftool prints, then the trace and globals if asked. */
    private void runAndPrint(LoadedObject loaded, RunTrace tracer) throws IOException, BadInputException {
        TestRunResult r = testRun(loaded);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Return value: %d, duration%s: %dns%n", r.retval(),
                repeat > 1 ? " (average)" : "", r.durationNs());
        write(dataOut, r.dataOut());
        write(ctxOut, r.ctxOut());
        if (tracer != null) {
            tracer.finish().forEach(out::println);
        }
        if (showGlobals) {
            GlobalsView.print(out, loaded);
        }
        out.flush();
    }

    private BpfProgram program(BpfObject obj) throws BadInputException {
        Optional<BpfProgram> p = obj.program(prog);
        if (p.isEmpty()) {
            throw new BadInputException(object + ": no program '" + prog + "' (programs: "
                    + obj.programs().stream().map(BpfProgram::name).collect(Collectors.joining(", ")) + ")");
        }
        return p.get();
    }

    private void setGlobal(BpfObject obj, String assignment) throws BadInputException {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--set " + assignment + ": expected VAR=VALUE");
        }
        String name = assignment.substring(0, eq);
        String text = assignment.substring(eq + 1);
        long value;
        try {
            value = parseNumber(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--set " + assignment + ": " + text + " is not a number");
        }
        obj.global(name).set(value);
    }

    /** Decimal, 0x hex or 0 octal, signed or up to 2^64-1. */
    static long parseNumber(String text) {
        try {
            return Long.decode(text);
        } catch (NumberFormatException e) {
            String t = text.toLowerCase(java.util.Locale.ROOT);
            return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t);
        }
    }

    private TestRunResult testRun(LoadedObject loaded) throws IOException, BadInputException {
        LoadedProgram p = loaded.program(prog);
        TestRunAttr attr = new TestRunAttr(read(dataIn), dataIn != null && dataOut != null ? DATA_OUT_ROOM : 0,
                read(ctxIn), ctxOut != null ? CTX_OUT_ROOM : 0, repeat > 1 ? repeat : 0, 0, 0);
        try {
            return loaded.kernel().progTestRun(p.fd(), attr);
        } catch (KernelException e) {
            // A run fault's message already names program, instruction and region.
            throw new BadInputException(object + ": program " + prog + ": test run failed with "
                    + e.errno() + ": " + e.getMessage());
        }
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        return file == null ? Optional.empty() : Optional.of(Files.readAllBytes(file));
    }

    /** Writes {@code bytes} to {@code file} through a temporary file, so a failed run leaves no half file. */
    private static void write(Path file, Optional<byte[]> bytes) throws IOException {
        if (file == null || bytes.isEmpty()) {
            return;
        }
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes.get());
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
