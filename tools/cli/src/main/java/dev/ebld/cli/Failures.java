package dev.ebld.cli;

import dev.ebld.diag.Diagnostic;
import dev.ebld.elf.ElfFormatException;
import dev.ebld.linker.LinkException;
import dev.ebld.loader.LoaderException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns failures into ebld's exit codes and one-line messages on stderr. Every message names a
 * location: the library exceptions already carry file, structure and offset, so this class only
 * adds the {@code ebld: error:} prefix and never prints a stack trace for bad input. Anything
 * else is a bug in ebld: it exits with {@link Main#INTERNAL_ERROR}, and with {@code EBLD_DEBUG=1}
 * in the environment the whole stack trace (causes included) follows the message.
 */
final class Failures {
    private Failures() {
    }

    static int exitCode(Throwable t) {
        if (t instanceof CommandLine.ParameterException) {
            return Main.USAGE;
        }
        return isInputProblem(t) ? Main.BAD_INPUT : Main.INTERNAL_ERROR;
    }

    static int handleExecutionException(Exception ex, CommandLine cmd,
                                        CommandLine.ParseResult parsed) {
        return report(ex, cmd.getErr(), "1".equals(System.getenv("EBLD_DEBUG")));
    }

    /** Prints the failure to {@code err} (with its stack trace if {@code debug}) and returns the exit code. */
    static int report(Throwable ex, PrintWriter err, boolean debug) {
        for (String line : describe(ex)) {
            err.println(line);
        }
        int code = exitCode(ex);
        if (debug && code == Main.INTERNAL_ERROR) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** True for failures caused by the inputs or the file system, not by ebld itself. */
    private static boolean isInputProblem(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        return t instanceof ElfFormatException || t instanceof LinkException || t instanceof BadInputException
                || t instanceof LoaderException || t instanceof IOException;
    }

    static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + ex.getMessage()
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return Main.USAGE;
    }

    /** The stderr lines for a failure: one per error, lld-style notes indented below it. */
    static String[] describe(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (t instanceof ElfFormatException) {
            return new String[] {"ebld: error: " + t.getMessage()};
        } else if (t instanceof LinkException le) {
            return le.diagnostics().stream().map(Diagnostic::format).toArray(String[]::new);
        } else if (t instanceof LoaderException le) {
            return new String[] {le.toDiagnostic().format()};
        } else if (t instanceof BadInputException) {
            return new String[] {"ebld: error: " + t.getMessage()};
        } else if (t instanceof IOException io) {
            return new String[] {"ebld: error: " + ioMessage(io)};
        }
        // A bug in ebld, not bad input: one line with where it happened; EBLD_DEBUG=1 adds the trace.
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] trace = root.getStackTrace();
        String where = trace.length == 0 ? "" : " (at " + trace[0] + ")";
        return new String[] {"ebld: internal error: " + t + where,
            "ebld: this is a bug in ebld; run with EBLD_DEBUG=1 for the stack trace"};
    }

    private static String ioMessage(IOException io) {
        if (io instanceof NoSuchFileException nf) {
            return nf.getFile() + ": no such file";
        } else if (io instanceof AccessDeniedException ad) {
            return ad.getFile() + ": permission denied";
        }
        return String.valueOf(io.getMessage());
    }
}
