package dev.ebld.cli.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the lines of a script (or of standard input) through one {@link SimSession}. A failing
 * line prints {@code SOURCE:LINE: error: MESSAGE} on the error stream; a script stops there, an
 * interactive session (standard input) goes on and ends with the failure status.
 */
public final class SimScript {
    /** Exit status when a command failed. */
    public static final int FAILED = 1;

    private final String source;
    private final SimParser parser;
    private final boolean stopAtFirstError;

    /**
     * @param source the name errors are reported under (the script path as given, or
     *     {@code <stdin>})
     * @param base the directory relative paths resolve against
     */
    public SimScript(String source, Path base, boolean stopAtFirstError) {
        this.source = source;
        this.parser = new SimParser(base);
        this.stopAtFirstError = stopAtFirstError;
    }

    /** Runs every line of {@code in}; returns 0, or {@link #FAILED} if a command failed. */
    public int run(BufferedReader in, SimSession session, PrintWriter out, PrintWriter err)
            throws IOException {
        int status = 0;
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            try {
                Optional<SimCommand> c = parser.parse(line);
                if (c.isPresent()) {
                    session.execute(c.get()).forEach(out::println);
                }
            } catch (SimScriptException e) {
                out.flush();
                err.println(source + ":" + lineNo + ": error: " + e.getMessage());
                err.flush();
                status = FAILED;
                if (stopAtFirstError) {
                    break;
                }
            }
            out.flush();
        }
        return status;
    }
}
