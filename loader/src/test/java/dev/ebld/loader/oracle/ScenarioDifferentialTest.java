package dev.ebld.loader.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.testkit.RequiresKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of {@code fixtures/scenarios.tsv} whose values were measured in the real kernel
 * (verified column {@code kernel...}, expect {@code ok}, with runs) gives the same values when its
 * object, linked by ebld's linker, runs in the simulated kernel: the scenario's programs in the
 * listed order, each once on {@code pkt/zero64.bin}, as the linker's KernelScenarioTest runs them
 * in the real kernel. Rows the simulated kernel refuses to load are listed in
 * {@code sim-refuses.tsv} by the fixture object behind them.
 */
@RequiresKernel
class ScenarioDifferentialTest {

    /** A scenarios.tsv row: name, kind, inputs (fixture names, {@code x.a} archives), expectation, runs, verified. */
    record Scenario(String name, String kind, List<String> inputs, String expect, Map<String, Long> runs,
            String verified) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> kernelMeasured() throws Exception {
        List<Scenario> out = new ArrayList<>();
        for (String line : Files.readAllLines(Corpus.fixtures().resolve("scenarios.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t");
            Map<String, Long> runs = new LinkedHashMap<>();
            if (!c[4].equals("-")) {
                for (String kv : c[4].split(" ")) {
                    String[] p = kv.split("=");
                    runs.put(p[0], Long.parseLong(p[1]));
                }
            }
            out.add(new Scenario(c[0], c[1], Arrays.asList(c[2].split(" ")), c[3], runs, c.length > 5 ? c[5] : ""));
        }
        return out.stream().filter(s -> s.expect().equals("ok") && !s.runs().isEmpty()
                && s.verified().startsWith("kernel") && !s.kind().equals("negative"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelMeasured")
    void linkedScenarioGivesTheKernelsValues(Scenario s) throws Exception {
        byte[] object = Linker.link(inputs(s), LinkOptions.defaults()).bytes();
        String refusedBy = s.inputs().stream().map(i -> i.replace(".a", "") + "-el.o")
                .filter(FixtureDifferentialTest.SIM_REFUSES::containsKey).findFirst().orElse(null);
        if (refusedBy != null) {
            System.out.println("DIFF scenario " + s.name() + ": not compared, the simulated kernel refuses "
                    + refusedBy + " (sim-refuses.tsv)");
            return;
        }
        byte[] packet = Files.readAllBytes(Corpus.fixtures().resolve("pkt/zero64.bin"));
        Map<String, Long> got = new LinkedHashMap<>();
        try (LoadedObject sim = BpfObject.open(s.name() + ".o", object)
                .load(FixtureDifferentialTest.machineLike().rootProcess(), LoadOptions.defaults())) {
            for (String prog : s.runs().keySet()) {
                got.put(prog, sim.kernel().progTestRun(sim.program(prog).fd(), TestRunAttr.packet(packet)).retval()
                        & 0xffff_ffffL);
            }
        }
        assertThat(got).as("scenario %s in the simulated kernel", s.name()).isEqualTo(s.runs());
    }

    /** Link inputs as the linker's scenario fixtures spell them: {@code x} is {@code obj/x-el.o}, {@code x.a} an archive. */
    static List<LinkInput> inputs(Scenario s) {
        List<LinkInput> out = new ArrayList<>();
        boolean whole = false;
        for (String in : s.inputs()) {
            if (in.equals("--whole-archive")) {
                whole = true;
            } else if (in.equals("--no-whole-archive")) {
                whole = false;
            } else if (in.endsWith(".a")) {
                Path a = Corpus.fixtures().resolve("obj").resolve(in.substring(0, in.length() - 2) + "-el.a");
                out.add(new LinkInput(a, whole));
            } else {
                out.add(new LinkInput(Corpus.fixtures().resolve("obj").resolve(in + "-el.o"), whole));
            }
        }
        return out;
    }
}
