package dev.ebld.cli;

import dev.ebld.cli.bench.BenchCommand;
import dev.ebld.cli.readelf.ReadelfCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ebld} command. Subcommands are thin: each reads its inputs through the library
 * modules and prints. Exit codes are fixed for scripts: {@link #OK} on success, {@link #BAD_INPUT}
 * when an input (object, archive, link) is wrong, {@link #USAGE} when the command line is.
 */
@Command(name = "ebld",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A pure-Java toolchain for BPF objects: disassembler, readelf, BTF dump, static linker.",
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

    /**
     * The subcommands, in help order. They are registered in code rather than in the annotation so
     * that a run builds the picocli model of the one subcommand it uses: picocli's reflective
     * set-up of every command was most of ebld's start-up time.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ObjdumpCommand.class, ReadelfCommand.class,
            BtfCommand.class, LinkCommand.class, DemoCommand.class, BenchCommand.class,
            TrainCacheCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand, ebld is a usage error: print the usage on stderr. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    public static void main(String[] args) {
        PrintWriter out = new StdoutWriter(System.out);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs ebld with the given streams and returns the exit code; tests call this in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = commandLine(args);
        cmd.setOut(out);
        cmd.setErr(err);
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command tree for these arguments: only the named subcommand when the first argument
     * names one, none for {@code --version}, else all of them (for help and usage errors).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cmd = new CommandLine(new Main());
        String first = args.length == 0 ? "" : args[0];
        Class<?> only = subcommandNamed(first);
        boolean versionOnly = first.equals("-V") || first.equals("--version");
        for (Class<?> c : SUBCOMMANDS) {
            if (only == c || only == null && !versionOnly) {
                cmd.addSubcommand(instantiate(c));
            }
        }
        if (only == null && !versionOnly) {
            cmd.addSubcommand(new CommandLine.HelpCommand());
        }
        // ld semantics: --whole-archive/--no-whole-archive may repeat, and a later -o wins.
        cmd.setOverwrittenOptionsAllowed(true);
        cmd.setExitCodeExceptionMapper(Failures::exitCode);
        cmd.setExecutionExceptionHandler(Failures::handleExecutionException);
        cmd.setParameterExceptionHandler(Failures::handleParameterException);
        return cmd;
    }

    private static Class<?> subcommandNamed(String name) {
        for (Class<?> c : SUBCOMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (a.name().equals(name) || Arrays.asList(a.aliases()).contains(name)) {
                return c;
            }
        }
        return null;
    }

    private static Object instantiate(Class<?> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + c.getName(), e);
        }
    }
}
