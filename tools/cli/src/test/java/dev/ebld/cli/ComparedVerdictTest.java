package dev.ebld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebld.diag.Location;
import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.ProgramVerdict;
import dev.ebld.loader.kernel.Errno;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComparedVerdictTest {
    private static final ProgramVerdict ACCEPT = new ProgramVerdict("prog", Optional.empty(), Optional.empty(), "");

    private static ProgramVerdict reject(long offset, String message) {
        LoaderException e = new LoaderException(LoaderDiagnosticKind.PROG_LOAD, Location.at("t.o", "xdp", offset),
                Errno.EACCES, "program 'prog' in section xdp refused: EACCES", message + "\n", null);
        return new ProgramVerdict("prog", Optional.of(e), Optional.empty(), message + "\n");
    }

    @Test
    void theSimulatorAcceptingWhatTheKernelRefusesIsUnsoundAndShowsTheKernelsReason() {
        ComparedVerdict c = new ComparedVerdict(ACCEPT, reject(0x40, "R6 invalid mem access 'scalar'"));
        assertEquals(ComparedVerdict.Agreement.UNSOUND, c.agreement());
        assertEquals(List.of("prog sim accepts, kernel rejects: t.o:(xdp+0x40): R6 invalid mem access 'scalar'"),
                c.lines());
    }

    @Test
    void theSimulatorRefusingWhatTheKernelAcceptsIsStricterAndShowsItsOwnReason() {
        ComparedVerdict c = new ComparedVerdict(reject(0x8, "unknown func bpf_foo#999"), ACCEPT);
        assertEquals(ComparedVerdict.Agreement.STRICTER, c.agreement());
        assertEquals(List.of("prog sim rejects, kernel accepts: t.o:(xdp+0x8): unknown func bpf_foo#999"),
                c.lines());
    }

    @Test
    void agreementShowsBothRefusalsSideBySide() {
        ComparedVerdict both = new ComparedVerdict(reject(0x8, "a"), reject(0x10, "b"));
        assertEquals(ComparedVerdict.Agreement.SAME, both.agreement());
        assertEquals(List.of("prog reject: sim and kernel", "  sim:    t.o:(xdp+0x8): a",
                "  kernel: t.o:(xdp+0x10): b"), both.lines());
        assertEquals(List.of("prog accept: sim and kernel"), new ComparedVerdict(ACCEPT, ACCEPT).lines());
    }

    @Test
    void theSummaryCountsEachWay() {
        List<ComparedVerdict> all = List.of(new ComparedVerdict(ACCEPT, ACCEPT),
                new ComparedVerdict(ACCEPT, reject(0, "x")), new ComparedVerdict(reject(0, "y"), ACCEPT),
                new ComparedVerdict(reject(0, "y"), reject(0, "y")));
        assertEquals("4 programs: 2 same verdict, 1 sim accepts what the kernel rejects, 1 sim rejects what"
                + " the kernel accepts", ComparedVerdict.summary(all));
    }
}
