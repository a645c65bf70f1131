package dev.ebld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    private static String obj(String name) {
        return CliRun.obj(name).toString();
    }

    @Test
    void everyProgramOfAnObjectIsJudgedOnItsOwn() {
        CliRun r = CliRun.of("verify", obj("progs_multi-el.o"));
        assertEquals("xdp_calls accept\nxdp_loop accept\nxdp_bpf_loop accept\ntc_classify accept\n"
                + "raw_tp_count accept\n", r.out());
        assertEquals(Main.OK, r.code());
    }

    @Test
    void aRefusalNamesTheSectionOffsetSourceLineAndTheKernelsReason() {
        String o = obj("verifier/adjust_head_stale.o");
        CliRun r = CliRun.of("verify", o);
        assertEquals("prog reject: " + o + ":(xdp+0x40): ./adjust_head_stale.c:4: R6 invalid mem"
                + " access 'scalar'\n", r.out());
        assertEquals(Main.BAD_INPUT, r.code());
    }

    /** The refused instruction is in a global function the loader appended: traced back into .text. */
    @Test
    void aRefusalInAnAppendedFunctionIsLocatedInText() {
        String o = obj("verifier/glob_inner_bad.o");
        assertEquals("prog reject: " + o + ":(.text+0x8): ./glob_inner_bad.c:2: R1 offset is outside"
                + " of the packet\n", CliRun.of("verify", o).out());
    }

    /**
     * A map type the simulated kernel does not model is refused by name when the map is created,
     * before any program is verified: maps_legacy's first map turned into a QUEUE (type 22).
     */
    @Test
    void aMapTheSimulatedKernelCannotCreateRefusesTheProgramWithItsReason(@TempDir Path dir) throws IOException {
        Path src = CliRun.obj("maps_legacy-el.o");
        byte[] bytes = Files.readAllBytes(src);
        int maps = 0xf8; // the `maps` section's sh_offset (readelf -S); its first word is the type
        assertEquals(2, bytes[maps]); // BPF_MAP_TYPE_ARRAY, little endian: the fixture is what we think
        bytes[maps] = 22;
        Path o = dir.resolve("maps_queue.o");
        Files.write(o, bytes);
        CliRun r = CliRun.of("verify", o.toString());
        assertTrue(r.out().startsWith("legacy_user reject: " + o + ":(maps): map '"), r.out());
        assertTrue(r.out().contains("failed to create map") && r.out().contains("QUEUE (22) is not supported"
                + " by the simulated kernel"), r.out());
        assertEquals(Main.BAD_INPUT, r.code());
    }

    /** A devmap program: the simulated kernel creates the map, so the verifier judges it. */
    @Test
    void aDevmapRedirectIsVerified() {
        String o = obj("verifier/redirect_map_ok.o");
        CliRun r = CliRun.of("verify", o);
        assertEquals("prog accept\n", r.out());
        assertEquals(0, r.code());
    }

    @Test
    void logLevelPrintsTheVerifierLogAfterEachLine() {
        String o = obj("verifier/ctx_modified.o");
        CliRun r = CliRun.of("verify", "--log-level", "1", o);
        assertEquals("prog reject: " + o + ":(xdp+0x8): ./ctx_modified.c:4: dereference of modified"
                + " ctx ptr R1 off=4 disallowed\n"
                + "0: (07) r1 += 4\n"
                + "1: (61) r0 = *(u32 *)(r1 +0)\n"
                + "dereference of modified ctx ptr R1 off=4 disallowed\n"
                + "stack depth 0\n"
                + "processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0"
                + " mark_read 0\n", r.out());
        CliRun ok = CliRun.of("verify", "--log-level", "2", "--prog", "xdp_calls", obj("progs_multi-el.o"));
        assertTrue(ok.out().startsWith("xdp_calls accept\n0: "), ok.out());
        assertTrue(ok.out().contains("\nprocessed "), ok.out());
        assertEquals(Main.OK, ok.code());
    }

    /** Root may read uninitialised stack; without CAP_PERFMON the kernel refuses it (checked here). */
    @Test
    void unprivilegedAppliesTheUnprivilegedRules() {
        String o = obj("verifier/stack_uninit_read.o");
        assertEquals("prog accept\n", CliRun.of("verify", o).out());
        CliRun r = CliRun.of("verify", "--unprivileged", o);
        assertEquals("prog reject: " + o + ":(xdp+0x0): ./stack_uninit_read.c:4: invalid read from"
                + " stack off -8+0 size 8\n", r.out());
        assertEquals(Main.BAD_INPUT, r.code());
    }

    @Test
    void unprivilegedRefusesTracingProgramsForWantOfCapPerfmon() {
        CliRun r = CliRun.of("verify", "--unprivileged", "--prog", "raw_tp_count", obj("progs_multi-el.o"));
        assertTrue(r.out().startsWith("raw_tp_count reject: "), r.out());
        assertTrue(r.out().contains("needs CAP_PERFMON"), r.out());
    }

    @Test
    void anUnknownProgramIsBadInput() {
        CliRun r = CliRun.of("verify", "--prog", "nope", obj("progs_multi-el.o"));
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals("ebld: error: " + obj("progs_multi-el.o") + ": no program 'nope'; it has [xdp_calls,"
                + " xdp_loop, xdp_bpf_loop, tc_classify, raw_tp_count]", r.errLines().get(0));
    }

    @Test
    void aMalformedObjectIsBadInputNamingTheFile(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.o");
        Files.write(bad, new byte[] {0x7f, 'E', 'L', 'F', 1});
        CliRun r = CliRun.of("verify", bad.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.errLines().get(0).startsWith("ebld: error: " + bad), r.err());
    }

    @Test
    void aLogLevelAboveTwoIsAUsageError() {
        assertEquals(Main.USAGE, CliRun.of("verify", "--log-level", "3", obj("progs_multi-el.o")).code());
    }

    /** The real kernel judges the capabilities of the process that loads, which ebld cannot drop. */
    @Test
    void unprivilegedWithTheRealKernelIsAUsageErrorSayingWhy() {
        for (String kernel : new String[] {"linux", "both"}) {
            CliRun r = CliRun.of("verify", "--unprivileged", "--kernel", kernel, obj("progs_multi-el.o"));
            assertEquals(Main.USAGE, r.code(), kernel);
            assertEquals("ebld verify: error: --unprivileged works with --kernel sim only: the real kernel"
                    + " judges the capabilities of the process that loads, and Java cannot drop its own; run ebld"
                    + " without CAP_PERFMON and CAP_SYS_ADMIN instead (for example under capsh"
                    + " --drop=cap_perfmon,cap_sys_admin) (see 'ebld verify --help')", r.errLines().get(0), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void anUnknownKernelIsAUsageErrorListingTheChoices() {
        CliRun r = CliRun.of("verify", "--kernel", "bsd", obj("progs_multi-el.o"));
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("sim, linux, both"), r.err());
    }

    /** The exit codes scripts rely on are in the help. */
    @Test
    void helpDocumentsTheUnsoundExitCode() {
        CliRun r = CliRun.of("verify", "--help");
        assertTrue(r.out().contains("\n  3   --kernel both: the simulated kernel accepted a program the real"
                + " kernel\n"), r.out());
    }
}
