package dev.ebld.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The writer {@link Main} gives commands for the process's standard output. Commands that
 * produce bytes (the raw BTF dump of vmlinux is 12 MB) write them to {@link #bytes()} instead
 * of printing a String, which skips building the String and encoding it back to bytes; in
 * tests, where the writer is a plain PrintWriter, they print text as usual.
 */
final class StdoutWriter extends PrintWriter {
    private final PrintStream stream;

    StdoutWriter(PrintStream stream) {
        super(stream, false);
        this.stream = stream;
    }

    /** The byte stream under this writer; flushes what was printed before, to keep the order. */
    OutputStream bytes() {
        flush();
        return stream;
    }
}
