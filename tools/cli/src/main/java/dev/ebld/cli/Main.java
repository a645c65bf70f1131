package dev.ebld.cli;

import dev.ebld.cli.bench.BenchCommand;
import dev.ebld.cli.readelf.ReadelfCommand;
import dev.ebld.cli.sim.SimScriptCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code ebld} command. Subcommands are thin: each reads its inputs through the library
 * modules and prints. Exit codes are fixed for scripts: {@link #OK} on success, {@link #BAD_INPUT}
 * when an input (object, archive, link) is wrong, {@link #USAGE} when the command line is, and
 * {@link #INTERNAL_ERROR} when ebld itself failed (a bug).
 *
 * <p>The top-level command, {@code link} and {@code btf} build their picocli models in code, the
 * other subcommands from annotations. Every run builds the top level, and link and btf dump are
 * the commands whose whole-process time counts; reading picocli's annotations makes the JDK
 * generate a proxy class per annotation type on a cold JVM (the AOT cache does not keep them),
 * which was most of the time from {@code main} to the linker.
 */
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int BAD_INPUT = 1;
    public static final int USAGE = 2;
    /** A bug in ebld, not in its inputs: sysexits.h's EX_SOFTWARE. */
    public static final int INTERNAL_ERROR = 70;

    /**
     * A subcommand: its name and aliases (as in its {@code @Command}, which MainTest checks), and
     * what picocli builds it from (an annotated object, or a {@link CommandSpec}).
     */
    record Subcommand(String name, List<String> aliases, Supplier<Object> create) {
    }

    /**
     * The subcommands, in help order. They are registered in code rather than in an annotation so
     * that a run builds the picocli model of the one subcommand it uses: picocli's reflective
     * set-up of every command was most of ebld's start-up time. Names are listed here so that
     * finding the one in use reads no annotation.
     */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("objdump", List.of(), ObjdumpCommand::new),
            new Subcommand("readelf", List.of("sections"), ReadelfCommand::new),
            new Subcommand("btf", List.of(), BtfCommand::spec),
            new Subcommand("link", List.of(), LinkCommand::spec),
            new Subcommand("run", List.of(), RunCommand::new),
            new Subcommand("verify", List.of(), VerifyCommand::new),
            new Subcommand("demo", List.of(), DemoCommand::new),
            new Subcommand("bench", List.of(), BenchCommand::new),
            new Subcommand("train-cache", List.of(), TrainCacheCommand::new),
            new Subcommand("conformance-plugin", List.of(), ConformancePluginCommand::new),
            new Subcommand("sim", List.of(), SimScriptCommand::new));

    static {
        // No option takes a java.sql or java.time value, and registering picocli's converters for
        // them looks up 19 classes by reflection and loads ~80 (java.time's among them) on every
        // run; the link's AOT cache then preloads them too. Excluded (picocli's documented
        // property), here rather than in main() so that the in-process tests run the same way:
        // ~2 ms a link, 40 interleaved rounds.
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
        }
    }

    private CommandSpec spec;

    private Main() {
    }

    /** Without a subcommand, ebld is a usage error: print the usage on stderr. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** The model of the top-level command, without subcommands. */
    private static CommandSpec spec() {
        Main main = new Main();
        main.spec = CommandSpec.wrapWithoutInspection(main).name("ebld")
                .versionProvider(new VersionProvider());
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put("0", "success");
        exitCodes.put("1", "bad input or environment (malformed object, link error, I/O error, kernel unavailable)");
        exitCodes.put("2", "usage error");
        exitCodes.put("3", "verify --kernel both: the simulated kernel accepts a program the kernel refuses");
        exitCodes.put("70", "internal error (a bug in ebld; EBLD_DEBUG=1 prints the stack trace)");
        main.spec.usageMessage()
                .description("A pure-Java toolchain for BPF objects: disassembler, readelf, BTF dump,"
                        + " static linker, loader, simulated kernel and verifier.")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes);
        addStandardHelpOptions(main.spec);
        return main.spec;
    }

    /**
     * Adds {@code -h, --help} and {@code -V, --version} as {@code mixinStandardHelpOptions} would,
     * without the annotated mixin class that picocli reads reflectively.
     */
    static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").type(boolean.class).usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").type(boolean.class).versionHelp(true)
                .description("Print version information and exit.").build());
    }

    public static void main(String[] args) {
        // Picocli's default factory first looks for Groovy's Closure class; the failed lookup opens
        // every jar on the class path, which the AOT cache otherwise spares a run (~20 ms cold).
        System.setProperty("picocli.disable.closures", "true");
        PrintWriter out = new StdoutWriter(System.out);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        // Success ends by returning: System.exit first asks the logging back end whether to log
        // the exit, and loading that back end is ~5 ms of a cold run.
        if (code != OK) {
            System.exit(code);
        }
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
        CommandLine cmd = new CommandLine(spec());
        String first = args.length == 0 ? "" : args[0];
        Subcommand only = subcommandNamed(first);
        boolean versionOnly = first.equals("-V") || first.equals("--version");
        for (Subcommand s : SUBCOMMANDS) {
            if (only == s || only == null && !versionOnly) {
                cmd.addSubcommand(s.create().get());
            }
        }
        if (only == null && !versionOnly) {
            cmd.addSubcommand(new CommandLine.HelpCommand());
        }
        // Picocli's own Path converter calls Paths.get reflectively, which on a cold JVM spins
        // method-handle classes the AOT cache does not keep.
        cmd.registerConverter(Path.class, Path::of);
        // ld semantics: --whole-archive/--no-whole-archive may repeat, and a later -o wins.
        cmd.setOverwrittenOptionsAllowed(true);
        cmd.setExitCodeExceptionMapper(Failures::exitCode);
        cmd.setExecutionExceptionHandler(Failures::handleExecutionException);
        cmd.setParameterExceptionHandler(Failures::handleParameterException);
        return cmd;
    }

    private static Subcommand subcommandNamed(String name) {
        for (Subcommand s : SUBCOMMANDS) {
            if (s.name().equals(name) || s.aliases().contains(name)) {
                return s;
            }
        }
        return null;
    }
}
