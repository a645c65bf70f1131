package dev.ebld.cli;

import dev.ebld.cli.readelf.ReadelfCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code ebld} command. Subcommands are thin: each reads its inputs through the library
 * modules and prints. Exit codes are fixed for scripts: {@link #OK} on success, {@link #BAD_INPUT}
 * when an input (object, archive, link) is wrong, {@link #USAGE} when the command line is.
 */
@Command(name = "ebld",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A pure-Java toolchain for BPF objects: disassembler, readelf, BTF dump, static linker.",
        subcommands = {
            ObjdumpCommand.class,
            ReadelfCommand.class,
            BtfCommand.class,
            LinkCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:bad input (malformed object, link error, I/O error)",
            "2:usage error"
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int BAD_INPUT = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand, ebld is a usage error: print the usage on stderr. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs ebld with the given streams and returns the exit code; tests call this in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = commandLine();
        cmd.setOut(out);
        cmd.setErr(err);
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The configured command tree with ebld's exit codes and one-line error reporting. */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExitCodeExceptionMapper(Failures::exitCode);
        cmd.setExecutionExceptionHandler(Failures::handleExecutionException);
        cmd.setParameterExceptionHandler(Failures::handleParameterException);
        return cmd;
    }
}
