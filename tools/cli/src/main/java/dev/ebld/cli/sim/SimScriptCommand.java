package dev.ebld.cli.sim;

import dev.ebld.loader.sim.SimKernel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ebld sim}: a command language over one simulated kernel (the README lists the
 * commands). With {@code --bench}, the dynamic-vs-static dispatcher measurements instead.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run a script of bpf(2)-level commands against one simulated kernel.")
public final class SimScriptCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT",
            description = "The script; standard input when absent or '-'.")
    String script;

    @Option(names = "--bench", description = "Measure dynamic replace against static relinking,"
            + " and per-packet cost with 1, 2 and 10 components.")
    boolean bench;

    @Option(names = "--fixtures", paramLabel = "DIR",
            description = "For --bench: the fixtures directory (default: found above the working directory).")
    Path fixtures;

    @Override
    public Integer call() throws IOException {
        if (bench) {
            return new SimBench(SimBench.fixtures(fixtures)).run(spec.commandLine().getOut());
        }
        SimSession session = new SimSession(new SimKernel());
        if (script == null || script.equals("-")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return new SimScript("<stdin>", Path.of("").toAbsolutePath(), false).run(in, session,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        Path file = Path.of(script);
        Path base = file.toAbsolutePath().getParent();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new SimScript(script, base, true).run(in, session, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }
}
