package dev.ebld.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.testkit.RequiresKernel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ebld demo --kernel linux}: the Quick start's dispatcher loaded into this machine's kernel
 * prints the same slots, verdicts and counters, packet by packet, as in the simulated kernel; only
 * the line that says where it runs differs.
 */
@RequiresKernel
class DemoCommandLinuxTest {

    @Test
    void theRealKernelPrintsWhatTheSimulatedKernelPrints(@TempDir Path dir) {
        String fixtures = CliRun.fixtures().toString();
        Path out = dir.resolve("demo.o");
        CliRun sim = CliRun.of("demo", "-o", out.toString(), "--fixtures", fixtures);
        CliRun linux = CliRun.of("demo", "-o", out.toString(), "--fixtures", fixtures, "--kernel", "linux");

        assertThat(sim.code()).as(sim.err()).isEqualTo(Main.OK);
        assertThat(linux.code()).as(linux.err()).isEqualTo(Main.OK);
        assertThat(linux.out()).contains("--kernel linux   # for each packet of").contains("in this machine's kernel");
        assertThat(table(linux.out())).hasSize(table(sim.out()).size()).isEqualTo(table(sim.out()));
        assertThat(linux.out()).containsPattern("(?m)^zero64 +XDP_PASS \\(2\\) +11 +4 +2 +\\[0 1 1 0\\]$");
    }

    /** The output without the command line that names the kernel. */
    private static List<String> table(String out) {
        return out.lines().filter(l -> !l.startsWith("$ ebld run")).toList();
    }
}
