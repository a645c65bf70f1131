package dev.ebld.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.diag.Location;
import dev.ebld.loader.kernel.LogOptions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SoloLoadTest {

    private static List<ProgramVerdict> each(String fixture, boolean unprivileged) {
        return SoloLoad.each(Fixtures.open(fixture), () -> SoloLoad.simulated(unprivileged), LogOptions.NONE);
    }

    @Test
    void aRefusalInAnAppendedGlobalFunctionIsTracedBackToItsSourceLine() {
        ProgramVerdict v = each("verifier/glob_inner_bad.o", false).get(0);
        assertFalse(v.accepted());
        Location at = v.refusal().orElseThrow().location();
        assertEquals(".text", at.section());
        assertEquals(8, at.offset());
        SourceLine line = v.source().orElseThrow();
        assertEquals("./glob_inner_bad.c", line.file());
        assertEquals(2, line.line());
        assertTrue(line.column() > 0, "column " + line.column());
        assertEquals("R1 offset is outside of the packet", v.reason());
        assertTrue(v.log().contains("R1 offset is outside of the packet\n"), v.log());
    }

    /** tail_caller's object fills a prog_array slot with tail_target: both load, so each gets a verdict. */
    @Test
    void theTailCallTargetsAnInitializerNamesLoadBesideTheProgram() {
        List<ProgramVerdict> vs = each("maps_btf-el.o", false);
        assertEquals(List.of("tail_target", "tail_caller", "use_maps"),
                vs.stream().map(ProgramVerdict::program).toList());
        assertEquals("tail_caller accept", vs.get(1).format());
    }

    @Test
    void unprivilegedRefusesUninitialisedStackReadsRootMayDo() {
        assertTrue(each("verifier/stack_uninit_read.o", false).get(0).accepted());
        assertFalse(each("verifier/stack_uninit_read.o", true).get(0).accepted());
    }

    @Test
    void anAcceptedProgramKeepsTheLogItAskedFor() {
        ProgramVerdict v = SoloLoad.load(Fixtures.open("progs_multi-el.o"), "xdp_loop",
                SoloLoad.simulated(false), LogOptions.level(1));
        assertTrue(v.accepted());
        assertEquals("", v.reason());
        assertTrue(v.log().contains("processed "), v.log());
    }

    @Test
    void anUnknownProgramIsNotFound() {
        LoaderException e = assertThrows(LoaderException.class, () -> SoloLoad.load(
                Fixtures.open("progs_multi-el.o"), "nope", SoloLoad.simulated(false), LogOptions.NONE));
        assertEquals(LoaderDiagnosticKind.NOT_FOUND, e.kind());
    }

    @Test
    void sourceLinesNeedAnInstructionOfAFunction() {
        SourceLines lines = SourceLines.of(Fixtures.open("progs_multi-el.o"));
        assertEquals(Optional.empty(), lines.at(Location.file("x.o")));
        assertEquals(Optional.empty(), lines.at(Location.at("x.o", ".maps", 0)));
        assertTrue(lines.at(Location.at("x.o", "xdp", 0)).isPresent());
    }
}
