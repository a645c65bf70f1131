package dev.ebld.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunCommandTest {
    private static String obj(String name) {
        return CliRun.fixtures().resolve("obj").resolve(name).toString();
    }

    private static String pkt(String name) {
        return CliRun.fixtures().resolve("pkt").resolve(name).toString();
    }

    /** 205 is the kernel's value (fixtures/scenarios.tsv, progs_multi). */
    @Test
    void firstLineIsBpftoolsAndTheValueTheKernels() {
        CliRun run = CliRun.of("run", obj("progs_multi-el.o"), "--prog", "xdp_calls", "--data-in", pkt("zero64.bin"));

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.out()).matches("Return value: 205, duration: \\d+ns\\R");
    }

    @Test
    void repeatPrintsTheAverage() {
        CliRun run = CliRun.of("run", obj("progs_multi-el.o"), "--prog", "xdp_calls", "--data-in",
                pkt("zero64.bin"), "--repeat", "50");

        assertThat(run.out()).matches("Return value: 205, duration \\(average\\): \\d+ns\\R");
    }

    /** The interpreter, on request, gives what the default compiled executor gives. */
    @Test
    void executorInterpreterGivesTheCompiledResult() {
        java.util.List<String> outs = new java.util.ArrayList<>();
        for (String executor : new String[] {"compiled", "interpreter"}) {
            CliRun run = CliRun.of("run", obj("globals-el.o"), "--prog", "xdp_globals", "--data-in",
                    pkt("zero64.bin"), "--show-globals", "--repeat", "3", "--executor", executor);
            assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
            outs.add(run.out().replaceAll("duration \\(average\\): \\d+ns", "duration"));
        }
        assertThat(outs.get(0)).contains(".bss bss_var = 3\n").isEqualTo(outs.get(1));
    }

    /** globals.c: xdp_globals adds ro_var to its result; data_var and bss_var count runs. */
    @Test
    void setChangesAConstVolatileKnobAndShowGlobalsReadsThemBack() {
        CliRun base = CliRun.of("run", obj("globals-el.o"), "--prog", "xdp_globals", "--data-in", pkt("zero64.bin"),
                "--show-globals");
        CliRun set = CliRun.of("run", obj("globals-el.o"), "--prog", "xdp_globals", "--data-in", pkt("zero64.bin"),
                "--set", "ro_var=111", "--show-globals", "--repeat", "3");

        assertThat(base.code()).as(base.err()).isEqualTo(Main.OK);
        assertThat(base.out()).startsWith("Return value: 160,").contains(".rodata ro_var = 11\n")
                .contains(".bss bss_var = 1\n");
        assertThat(set.out()).startsWith("Return value: 264,").contains(".rodata ro_var = 111\n")
                .contains(".bss bss_var = 3\n");
    }

    /** Section order, then offset: the same in every JVM (the object's map of globals has no order). */
    @Test
    void showGlobalsPrintsInTheObjectsOrder() {
        CliRun run = CliRun.of("run", obj("globals-el.o"), "--prog", "xdp_globals", "--data-in", pkt("zero64.bin"),
                "--show-globals");

        assertThat(run.out().lines().skip(1).map(l -> l.replaceAll(" = .*", "")))
                .containsExactly("globals_.data data_var", "globals_.data gpoint", "globals_.rodata ro_var",
                        "globals_.rodata greeting", "globals_.rodata raw_tp_printk.____fmt", ".data.custom custom_data",
                        ".rodata.custom custom_ro", "globals_.bss bss_var", "globals_.bss static_bss",
                        ".data.zeroes custom_bss_like");
    }

    @Test
    void traceShowsEachInstructionInObjdumpSyntaxWithTheRegistersItChanged() {
        CliRun run = CliRun.of("run", obj("progs_multi-el.o"), "--prog", "xdp_calls", "--data-in",
                pkt("zero64.bin"), "--trace");

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.out().lines().skip(1).toList())
                .contains("xdp_calls+2:\tw1 -= w2                            \t; r1 = 0x40",
                        "xdp_calls+7:\tw0 += w6                            \t; r0 = 0xcd")
                .last().isEqualTo("xdp_calls+8:\texit");
    }

    @Test
    void dataOutIsWrittenWhole(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.bin");
        CliRun run = CliRun.of("run", obj("progs_multi-el.o"), "--prog", "xdp_calls", "--data-in",
                pkt("ipv4_tcp80.bin"), "--data-out", out.toString());

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Path.of(pkt("ipv4_tcp80.bin"))));
    }

    @Test
    void unknownProgramIsBadInputListingThePrograms() {
        CliRun run = CliRun.of("run", obj("progs_multi-el.o"), "--prog", "nope", "--data-in", pkt("zero64.bin"));

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("progs_multi-el.o: no program 'nope' (programs: xdp_calls, xdp_loop");
    }

    @Test
    void unknownGlobalIsBadInputNamingTheObject() {
        CliRun run = CliRun.of("run", obj("globals-el.o"), "--prog", "xdp_globals", "--data-in", pkt("zero64.bin"),
                "--set", "nope=1");

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("globals-el.o").contains("no global variable 'nope'");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    /** The kernel refuses XDP runs shorter than an Ethernet header with EINVAL. */
    @Test
    void aRefusedRunIsBadInputWithTheErrno(@TempDir Path dir) throws Exception {
        Path tiny = dir.resolve("tiny.bin");
        Files.write(tiny, new byte[4]);
        CliRun run = CliRun.of("run", obj("progs_multi-el.o"), "--prog", "xdp_calls", "--data-in", tiny.toString());

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).startsWith("ebld: error: ").contains("program xdp_calls: test run failed with EINVAL");
    }

    @Test
    void aVerifierRefusalIsBadInputWithTheLocation() {
        // The verifier corpus's stale packet pointer after bpf_xdp_adjust_head (the kernel refuses it too).
        CliRun run = CliRun.of("run", obj("verifier/adjust_head_stale.o"), "--prog", "prog", "--data-in",
                pkt("zero64.bin"));

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("adjust_head_stale.o:(xdp+0x40)").contains("R6 invalid mem access 'scalar'");
    }

    /** The structural verifier is chosen by name; may_goto runs to the kernel's value, 1001. */
    @Test
    void structuralVerifierIsAnExplicitChoice() {
        CliRun run = CliRun.of("run", obj("may_goto-el.o"), "--prog", "xdp_may_goto", "--data-in",
                pkt("zero64.bin"), "--verifier", "structural");

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.out()).startsWith("Return value: 1001,");
    }

    /** Options that configure the simulated kernel are refused with the real one, before any load. */
    @ParameterizedTest
    @ValueSource(strings = {"--trace", "--verifier=structural", "--verifier=safety", "--executor=interpreter"})
    void simulatorOnlyOptionsAreRefusedWithTheRealKernel(String option) {
        CliRun run = CliRun.of("run", obj("progs_multi-el.o"), "--prog", "xdp_calls", "--data-in",
                pkt("zero64.bin"), "--kernel", "linux", option);

        assertThat(run.code()).isEqualTo(Main.USAGE);
        assertThat(run.errLines()).singleElement().asString()
                .contains(option.replaceAll("=.*", "") + " works in the simulated kernel only");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingProgIsAUsageError() {
        CliRun run = CliRun.of("run", obj("progs_multi-el.o"));

        assertThat(run.code()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("--prog");
    }
}
