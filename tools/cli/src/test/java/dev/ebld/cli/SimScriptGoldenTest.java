package dev.ebld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ebld.cli.sim.SimScript;
import dev.ebld.cli.sim.SimSession;
import dev.ebld.loader.sim.SimKernel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every script under fixtures/sim gives its golden standard output ({@code NAME.out}) and, when
 * it must fail, its golden error ({@code NAME.err}, {@code SCRIPT:LINE: error: MESSAGE}) with exit
 * status 1. Test-run durations are the only thing masked. {@code -Debld.sim.update=true}
 * rewrites the goldens (then review the diff).
 */
class SimScriptGoldenTest {
    static List<Path> scripts() {
        return CliRun.list("sim", ".sim");
    }

    /** Durations are measured, so the goldens hold {@code Nns}. */
    static String mask(String out) {
        return out.replaceAll("duration( \\(average\\))?: \\d+ns", "duration$1: Nns");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void scriptGivesItsGoldenOutput(Path script) throws IOException {
        CliRun run = CliRun.of("sim", script.toString());
        String name = script.getFileName().toString().replaceFirst("\\.sim$", "");
        Path outFile = script.resolveSibling(name + ".out");
        Path errFile = script.resolveSibling(name + ".err");
        String out = mask(run.out());
        String err = run.err().replace(script.toString(), script.getFileName().toString());
        if (Boolean.getBoolean("ebld.sim.update")) {
            Files.writeString(outFile, out);
            if (!err.isEmpty()) {
                Files.writeString(errFile, err);
            }
        }
        assertEquals(CliRun.read(outFile), out, "stdout of " + script);
        if (Files.exists(errFile)) {
            assertEquals(CliRun.read(errFile), err, "stderr of " + script);
            assertEquals(1, run.code(), "exit status of " + script);
        } else {
            assertEquals("", err, "stderr of " + script);
            assertEquals(0, run.code(), "exit status of " + script);
        }
    }

    @Test
    void goldensExistForEveryScriptAndSomeScriptsFail() {
        long failing = scripts().stream().filter(s -> Files.exists(s.resolveSibling(
                s.getFileName().toString().replaceFirst("\\.sim$", ".err")))).count();
        assertFalse(scripts().isEmpty());
        scripts().forEach(s -> assertEquals(true, Files.exists(s.resolveSibling(
                s.getFileName().toString().replaceFirst("\\.sim$", ".out"))), "golden of " + s));
        assertEquals(true, failing >= 3, "error-form goldens: " + failing);
    }

    /** Standard input is a session: an error is reported and the next command still runs. */
    @Test
    void standardInputGoesOnAfterAnError() throws IOException {
        String input = "device eth0\nbogus command\ndevice eth1\ndevice eth0\n";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new SimScript("<stdin>", CliRun.fixtures().resolve("sim"), false).run(
                new BufferedReader(new StringReader(input)), new SimSession(new SimKernel()),
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(1, status);
        assertEquals("device 2 eth0\ndevice 3 eth1\n", out.toString());
        assertEquals("<stdin>:2: error: unknown command 'bogus'\n"
                + "<stdin>:4: error: EEXIST: device eth0 exists\n", err.toString());
    }
}
