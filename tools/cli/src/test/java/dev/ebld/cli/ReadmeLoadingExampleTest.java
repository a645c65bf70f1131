package dev.ebld.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.sim.SimKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Library use: loading" example, verbatim between the markers, so that it compiles and runs. */
class ReadmeLoadingExampleTest {

    @Test
    void readmeExampleRuns() throws Exception {
        Path dir = CliRun.fixtures();
        long[] seen = new long[2];
        // README-BEGIN loading
        // Open an object (libbpf's object model), set a const volatile knob, load it into a fresh
        // simulated kernel (safety verifier, compiled executor) and run a program on a packet.
        BpfObject obj = BpfObject.open(dir.resolve("obj/globals-el.o"));
        obj.global("ro_var").set(111);                       // before load, through BTF
        try (LoadedObject loaded = obj.load(new SimKernel().rootProcess(), LoadOptions.defaults())) {
            byte[] packet = Files.readAllBytes(dir.resolve("pkt/zero64.bin"));
            TestRunResult r = loaded.kernel().progTestRun(loaded.program("xdp_globals").fd(),
                    TestRunAttr.packet(packet));
            long verdict = r.retval();                       // as `bpftool prog run`'s "Return value"
            long runs = loaded.global("bss_var").getLong();  // after the run, read through the kernel
            seen[0] = verdict;
            seen[1] = runs;
        }
        // README-END loading
        assertThat(seen).containsExactly(260, 1);
    }

    /** The README holds the same code as this test, line for line. */
    @Test
    void readmeHoldsThisCode() throws Exception {
        Path root = CliRun.fixtures().getParent();
        String test = Files.readString(root.resolve("tools/cli/src/test/java/dev/ebld/cli/ReadmeLoadingExampleTest.java"));
        String code = test.substring(test.indexOf("// README-BEGIN loading\n") + 24, test.indexOf("        // README-END"))
                .lines().filter(l -> !l.contains("seen[")).map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(Files.readString(root.resolve("README.md"))).contains(code);
    }
}
