package dev.ebld.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ebld bench}: side-by-side measurements against the real tools on this machine. Each
 * subcommand measures ebld in-process (after JIT warm-up) and as a whole process through the
 * {@code ebld} launcher, and the reference tool as a process, on the same inputs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks against llvm-objdump-19, bpftool and the kernel, run side by side.",
        subcommands = {ObjdumpBench.class, BtfBench.class, LinkBench.class, RunBench.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
