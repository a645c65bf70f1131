package dev.ebld.loader.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.BpfProgram;
import dev.ebld.loader.GlobalVar;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.interp.BytecodeExecutor;
import dev.ebld.loader.interp.Executor;
import dev.ebld.loader.interp.Interpreter;
import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.sim.SimKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled executor gives what the interpreter gives (return value, packet out, typed fault,
 * and every global afterwards) on every runnable fixture object and every linked scenario, each
 * program on every packet of the corpus, three times over (so state the runs leave behind, like
 * counters, is compared too). The interpreter itself is held to the real kernel by
 * {@link FixtureDifferentialTest} and {@link ScenarioDifferentialTest}; this needs no kernel.
 */
class ExecutorDifferentialTest {

    static Stream<Path> objects() {
        return Corpus.objects().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void fixtureObjectRunsAlikeOnBothExecutors(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        compare(file.getFileName().toString(), bytes);
    }

    static Stream<ScenarioDifferentialTest.Scenario> scenarios() throws Exception {
        return ScenarioDifferentialTest.kernelMeasured();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void linkedScenarioRunsAlikeOnBothExecutors(ScenarioDifferentialTest.Scenario s) throws Exception {
        compare(s.name() + ".o", Linker.link(ScenarioDifferentialTest.inputs(s), LinkOptions.defaults()).bytes());
    }

    private static void compare(String name, byte[] object) throws Exception {
        List<String> interpreted = trace(name, object, new Interpreter());
        List<String> compiled = trace(name, object, new BytecodeExecutor());
        assertThat(compiled).as("compiled runs of %s", name).isEqualTo(interpreted);
    }

    /** What every run of every runnable program shows, then every global, as text lines. */
    private static List<String> trace(String name, byte[] object, Executor executor) throws Exception {
        List<String> out = new ArrayList<>();
        BpfObject o;
        try {
            o = BpfObject.open(name, object);
        } catch (RuntimeException e) {
            out.add("open: " + e.getClass().getSimpleName());
            return out;
        }
        SimKernel machine = machine().executor(executor);
        try (LoadedObject sim = o.load(machine.rootProcess(), LoadOptions.defaults())) {
            for (BpfProgram p : FixtureDifferentialTest.runnable(o)) {
                for (int round = 0; round < 3; round++) {
                    for (Path pkt : Corpus.packets()) {
                        out.add(p.name() + " " + pkt.getFileName() + ": " + run(sim, p.name(), Files.readAllBytes(pkt)));
                    }
                }
            }
            for (GlobalVar v : sim.object().globals().values()) {
                out.add("global " + v.name() + " = " + HexFormat.of().formatHex(sim.global(v.name()).bytes()));
            }
        } catch (LoaderException e) {
            out.add("load: " + e.kind());
        }
        return out;
    }

    private static String run(LoadedObject sim, String prog, byte[] packet) {
        try {
            TestRunResult r = sim.kernel().progTestRun(sim.program(prog).fd(), TestRunAttr.packet(packet));
            return r.retval() + " " + HexFormat.of().formatHex(r.dataOut().orElse(new byte[0]));
        } catch (KernelException e) {
            String fault = e.getCause() instanceof RunFault f ? f.kind() + " at " + f.insnIndex()
                    + (f.kind() == RunFault.Kind.INTERNAL ? " " + f.getMessage() : "") : "";
            return "errno " + e.errno().number() + " " + fault;
        }
    }

    private static SimKernel machine() {
        return Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")) ? FixtureDifferentialTest.machineLike()
                : new SimKernel();
    }
}
