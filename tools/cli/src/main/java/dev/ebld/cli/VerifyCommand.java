package dev.ebld.cli;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.BpfProgram;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.ProgramVerdict;
import dev.ebld.loader.SoloLoad;
import dev.ebld.loader.kernel.LogOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ebld verify}: a kernel's verdict on each program of an object, each loaded on its own (as
 * if the only one autoloaded) through the real loader ({@link SoloLoad}): into a fresh simulated
 * kernel with the safety verifier, into this machine's kernel ({@code --kernel linux},
 * {@link LinuxVerdicts}), or both, side by side ({@code --kernel both}, {@link ComparedVerdict}).
 * One line per program, {@code NAME accept} or {@code NAME reject: LOCATION: [SOURCE LINE: ]REASON},
 * printed by {@link ProgramVerdict} whichever kernel judged.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify each program of a BPF object, one at a time, in the simulated kernel,"
                + " this machine's kernel, or both side by side.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every program was accepted; with --kernel both: no program the simulated"
                + " kernel accepts is refused by the real one",
            "1:a program was refused (not with --kernel both), the object is bad, or the real kernel"
                + " cannot be used", "2:usage error",
            "3:--kernel both: the simulated kernel accepted a program the real kernel refused"})
public final class VerifyCommand implements Callable<Integer> {
    /** The exit code of {@code --kernel both} when the simulated kernel accepted what the real one refused. */
    static final int UNSOUND = 3;

    /** Which kernel judges; {@code both} compares the two. */
    enum KernelChoice { sim, linux, both }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OBJ", description = "The BPF object (.o) to verify.")
    Path object;

    @Option(names = "--prog", paramLabel = "NAME",
            description = "Verify only this program (repeatable; default: every program).")
    List<String> programs = new ArrayList<>();

    @Option(names = "--log-level", paramLabel = "N",
            description = "Print the verifier log at this level (1 or 2) after each program's line.")
    int logLevel;

    @Option(names = "--unprivileged",
            description = "Load as a process with CAP_BPF and CAP_NET_ADMIN but not CAP_PERFMON or"
                    + " CAP_SYS_ADMIN: the verifier's unprivileged rules apply (no pointer leaks, no"
                    + " uninitialised stack reads), and tracing programs are refused. Simulated"
                    + " kernel only.")
    boolean unprivileged;

    @Option(names = "--kernel", paramLabel = "NAME", defaultValue = "sim",
            description = "Who judges: sim (the simulated kernel's safety verifier), linux (this"
                    + " machine's kernel, through bpf(2); needs Java 25+ and root or CAP_BPF), or"
                    + " both, side by side, flagging disagreements (default: ${DEFAULT-VALUE}).")
    KernelChoice kernel;

    /** One kernel's verdict on one program. */
    @FunctionalInterface
    private interface Judge {
        ProgramVerdict verdict(String program) throws IOException;
    }

    @Override
    public Integer call() throws IOException, BadInputException {
        checkOptions();
        BpfObject obj = open(object);
        List<String> names = programNames(obj);
        LogOptions log = logLevel == 0 ? LogOptions.NONE : LogOptions.level(logLevel);
        Judge sim = p -> SoloLoad.load(obj, p, SoloLoad.simulated(unprivileged), log);
        PrintWriter out = spec.commandLine().getOut();
        try {
            return switch (kernel) {
                case sim -> judgeEach(names, sim, out);
                case linux -> {
                    try (LinuxVerdicts linux = LinuxVerdicts.open("--kernel linux")) {
                        yield judgeEach(names, p -> linux.load(obj, p, log), out);
                    }
                }
                case both -> {
                    try (LinuxVerdicts linux = LinuxVerdicts.open("--kernel both")) {
                        yield compareEach(names, sim, p -> linux.load(obj, p, log), out);
                    }
                }
            };
        } finally {
            out.flush();
        }
    }

    private void checkOptions() {
        if (logLevel < 0 || logLevel > 2) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--log-level must be 0, 1 or 2, not " + logLevel);
        }
        if (unprivileged && kernel != KernelChoice.sim) {
            // The kernel judges the capabilities of the thread that calls bpf(2); ebld would have to
            // drop CAP_PERFMON and CAP_SYS_ADMIN from its own JVM thread, which Java has no API for.
            throw new CommandLine.ParameterException(spec.commandLine(), "--unprivileged works with"
                    + " --kernel sim only: the real kernel judges the capabilities of the process that"
                    + " loads, and Java cannot drop its own; run ebld without CAP_PERFMON and"
                    + " CAP_SYS_ADMIN instead (for example under capsh --drop=cap_perfmon,cap_sys_admin)");
        }
    }

    /** The programs asked for (every one by default), each checked to exist. */
    private List<String> programNames(BpfObject obj) throws BadInputException {
        List<String> all = obj.programs().stream().map(BpfProgram::name).toList();
        for (String p : programs) {
            if (!all.contains(p)) {
                throw new BadInputException(object + ": no program '" + p + "'; it has " + all);
            }
        }
        return programs.isEmpty() ? all : List.copyOf(programs);
    }

    /** One kernel: a line per program, then its log if asked for; OK only if all were accepted. */
    private int judgeEach(List<String> names, Judge judge, PrintWriter out) throws IOException {
        boolean all = true;
        for (String p : names) {
            ProgramVerdict v = judge.verdict(p);
            out.println(v.format());
            printLog(out, null, v);
            all &= v.accepted();
        }
        return all ? Main.OK : Main.BAD_INPUT;
    }

    /**
     * Both kernels: the verdicts side by side per program, then a summary line; {@link #UNSOUND}
     * if the simulated kernel accepted a program the real one refused.
     */
    private int compareEach(List<String> names, Judge sim, Judge linux, PrintWriter out) throws IOException {
        List<ComparedVerdict> all = new ArrayList<>();
        for (String p : names) {
            ComparedVerdict c = new ComparedVerdict(sim.verdict(p), linux.verdict(p));
            c.lines().forEach(out::println);
            printLog(out, "sim", c.sim());
            printLog(out, "kernel", c.kernel());
            all.add(c);
        }
        out.println(ComparedVerdict.summary(all));
        return ComparedVerdict.count(all, ComparedVerdict.Agreement.UNSOUND) > 0 ? UNSOUND : Main.OK;
    }

    /** The verdict's log when one was asked for, under {@code NAME log:} when two kernels are shown. */
    private void printLog(PrintWriter out, String kernelName, ProgramVerdict v) {
        if (logLevel == 0 || v.log().isEmpty()) {
            return;
        }
        if (kernelName != null) {
            out.println(kernelName + " log:");
        }
        out.print(v.log().endsWith("\n") ? v.log() : v.log() + "\n");
    }

    /** Opens the object; a malformed one is bad input naming the file. */
    static BpfObject open(Path path) throws IOException, BadInputException {
        try {
            return BpfObject.open(path);
        } catch (LoaderException e) {
            throw new BadInputException(e.getMessage());
        }
    }
}
