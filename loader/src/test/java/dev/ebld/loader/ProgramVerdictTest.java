package dev.ebld.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebld.diag.Location;
import dev.ebld.loader.kernel.Errno;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgramVerdictTest {

    private static ProgramVerdict refused(String log) {
        LoaderException e = new LoaderException(LoaderDiagnosticKind.PROG_LOAD,
                Location.at("t.o", "xdp", 0x18), Errno.EINVAL, "program 'prog' in section xdp refused: EINVAL",
                log, null);
        return new ProgramVerdict("prog", Optional.of(e), Optional.empty(), log);
    }

    /** The real kernel 6.18's log for a tail call through a hash map: the message has no newline. */
    @Test
    void aStatisticsLineGluedToTheMessageIsCutOff() {
        String log = "3: (85) call bpf_tail_call#12\nexpected prog array map for tail callprocessed 3 insns"
                + " (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n";
        assertEquals("expected prog array map for tail call", refused(log).reason());
        assertEquals("expected prog array map for tail call", refused(log.replace("processed 3 insns"
                + " (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0",
                "verification time 38 usec\nstack depth 0")).reason());
    }

    @Test
    void whereIsTheRefusalLineWithoutTheProgramName() {
        ProgramVerdict v = refused("R6 invalid mem access 'scalar'\nprocessed 9 insns (limit 1000000)\n");
        assertEquals("t.o:(xdp+0x18): R6 invalid mem access 'scalar'", v.where());
        assertEquals("prog reject: " + v.where(), v.format());
    }

    @Test
    void aLogWithoutAMessageFallsBackToTheLoadersOwn() {
        assertEquals("", new ProgramVerdict("p", Optional.empty(), Optional.empty(), "").where());
        assertEquals(refused("").refusal().orElseThrow().toDiagnostic().message(), refused("").reason());
    }
}
