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
 * {@code ebld verify}: the simulated kernel's verdict on each program of an object, each loaded
 * on its own (as if the only one autoloaded) into a fresh simulated kernel with the safety
 * verifier ({@link SoloLoad}). One line per program, {@code NAME accept} or
 * {@code NAME reject: LOCATION: [SOURCE LINE: ]REASON}; exit 0 only if all were accepted.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify each program of a BPF object in the simulated kernel, one at a time.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every program was accepted", "1:a program was refused, or the object is bad",
            "2:usage error"})
public final class VerifyCommand implements Callable<Integer> {

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
                    + " uninitialised stack reads), and tracing programs are refused.")
    boolean unprivileged;

    @Override
    public Integer call() throws IOException, BadInputException {
        if (logLevel < 0 || logLevel > 2) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--log-level must be 0, 1 or 2, not " + logLevel);
        }
        BpfObject obj = open(object);
        for (String p : programs) {
            if (obj.program(p).isEmpty()) {
                throw new BadInputException(object + ": no program '" + p + "'; it has "
                        + obj.programs().stream().map(BpfProgram::name).toList());
            }
        }
        LogOptions log = logLevel == 0 ? LogOptions.NONE : LogOptions.level(logLevel);
        PrintWriter out = spec.commandLine().getOut();
        boolean all = true;
        for (ProgramVerdict v : verdicts(obj, log)) {
            out.println(v.format());
            if (logLevel > 0 && !v.log().isEmpty()) {
                out.print(v.log().endsWith("\n") ? v.log() : v.log() + "\n");
            }
            all &= v.accepted();
        }
        out.flush();
        return all ? Main.OK : Main.BAD_INPUT;
    }

    private List<ProgramVerdict> verdicts(BpfObject obj, LogOptions log) {
        if (programs.isEmpty()) {
            return SoloLoad.each(obj, () -> SoloLoad.simulated(unprivileged), log);
        }
        List<ProgramVerdict> out = new ArrayList<>();
        for (String p : programs) {
            out.add(SoloLoad.load(obj, p, SoloLoad.simulated(unprivileged), log));
        }
        return out;
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
