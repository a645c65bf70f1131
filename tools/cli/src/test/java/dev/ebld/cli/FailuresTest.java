package dev.ebld.cli;

import dev.ebld.elf.ElfFormatException;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit statuses and messages: bad input is 1 without a trace; a bug is 70, traced under EBLD_DEBUG=1. */
class FailuresTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter err = new PrintWriter(text);

    @Test
    void badInputIsStatusOneWithTheFileNamedOnce() {
        int code = Failures.report(new ElfFormatException("g.o", "ELF header", 7, "truncated"), err, true);
        assertThat(code).isEqualTo(Main.BAD_INPUT);
        assertThat(text.toString()).isEqualTo("ebld: error: g.o: ELF header at offset 0x7: truncated" + System.lineSeparator());
    }

    @Test
    void aBugIsStatusSeventyAndKeepsItsCause() {
        RuntimeException bug = new IllegalStateException("wrapped", new ArithmeticException("root cause"));
        int code = Failures.report(bug, err, false);
        assertThat(code).isEqualTo(Main.INTERNAL_ERROR).isEqualTo(70);
        assertThat(text.toString()).startsWith("ebld: internal error: java.lang.IllegalStateException: wrapped (at ")
                .contains("EBLD_DEBUG=1").doesNotContain("\tat ");
    }

    @Test
    void debugPrintsTheWholeTraceWithCauses() {
        RuntimeException bug = new IllegalStateException("wrapped", new ArithmeticException("root cause"));
        Failures.report(bug, err, true);
        assertThat(text.toString()).contains("\tat ", "Caused by: java.lang.ArithmeticException: root cause");
    }

    @Test
    void anUnexpectedFailureInASubcommandExitsSeventy() {
        assertThat(Failures.exitCode(new NullPointerException())).isEqualTo(Main.INTERNAL_ERROR);
        assertThat(Failures.exitCode(new java.io.IOException("disk"))).isEqualTo(Main.BAD_INPUT);
    }
}
