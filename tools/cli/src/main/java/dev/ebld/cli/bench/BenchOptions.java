package dev.ebld.cli.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every benchmark shares. */
final class BenchOptions {
    @Option(names = "--warmup", defaultValue = "3", paramLabel = "SECONDS",
            description = "In-process JIT warm-up time (default ${DEFAULT-VALUE} s).")
    double warmupSeconds;

    @Option(names = "--runs", defaultValue = "10", paramLabel = "N",
            description = "Timed rounds; each round runs every contender once (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--launcher", paramLabel = "PATH",
            description = "The ebld launcher for whole-process runs (default: ebld at the repository root).")
    Path launcher;

    @Option(names = "--no-process", description = "Skip the whole-process comparison.")
    boolean noProcess;

    /** The launcher to time, or null when whole-process runs are off or it cannot be found. */
    Path launcherOrNull() {
        if (noProcess) {
            return null;
        }
        Path l = launcher != null ? launcher : BenchInputs.root().map(r -> r.resolve("ebld")).orElse(null);
        return l != null && l.toFile().canExecute() ? l : null;
    }
}
