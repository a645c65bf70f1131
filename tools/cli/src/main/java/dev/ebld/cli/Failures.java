package dev.ebld.cli;

import dev.ebld.diag.Diagnostic;
import dev.ebld.elf.ElfFormatException;
import dev.ebld.linker.LinkException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns failures into ebld's exit codes and one-line messages on stderr. Every message names a
 * location: the library exceptions already carry file, structure and offset, so this class only
 * adds the {@code ebld: error:} prefix and never prints a stack trace for bad input.
 */
final class Failures {
    private Failures() {
    }

    static int exitCode(Throwable t) {
        return t instanceof CommandLine.ParameterException ? Main.USAGE : Main.BAD_INPUT;
    }

    static int handleExecutionException(Exception ex, CommandLine cmd,
                                        CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        for (String line : describe(ex)) {
            err.println(line);
        }
        err.flush();
        return Main.BAD_INPUT;
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
        } else if (t instanceof BadInputException) {
            return new String[] {"ebld: error: " + t.getMessage()};
        } else if (t instanceof IOException io) {
            return new String[] {"ebld: error: " + ioMessage(io)};
        }
        // A bug in ebld, not bad input: still one line, with where it happened.
        StackTraceElement[] trace = t.getStackTrace();
        String where = trace.length == 0 ? "" : " (at " + trace[0] + ")";
        return new String[] {"ebld: internal error: " + t + where};
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
