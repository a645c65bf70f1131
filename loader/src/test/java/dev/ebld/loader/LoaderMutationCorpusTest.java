package dev.ebld.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.sim.SimProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Several thousand mutants of every fixture object ({@link LoaderMutants}: corrupt BTF and
 * .BTF.ext records, relocation and symbol entries, instructions, map definitions, section names,
 * license, byte flips), each opened, loaded into a fresh simulated kernel with the safety
 * verifier, and its XDP and tc programs run once on a packet. The only allowed outcomes are
 * success, a {@link LoaderException} whose location names the file, the ELF/BTF readers' typed
 * exceptions, a {@link KernelException} with an errno, and a run that returns or ends in a
 * {@link RunFault} the verifier cannot rule out (the instruction budget). Anything else,
 * including a hang, fails with the mutant that caused it.
 */
class LoaderMutationCorpusTest {
    private static final long SEED = 0x10ade4_f022L;
    /**
     * Mutants of each kind per object (instructions get four times as many): the fixtures of
     * fixtures/obj are the most varied; big-endian ones stop at open (the simulated kernel is
     * little-endian), and the one-program objects of sim/ and verifier/ are there for their code.
     */
    private static final int PER_KIND = 5;
    private static final int PER_KIND_EB = 2;
    private static final int PER_KIND_ONE_PROGRAM = 1;
    /** Runs are bounded by the budget; a case still running after this is a hang in the loader or verifier. */
    private static final long CASE_TIMEOUT_MS = 10_000;
    private static final long RUN_BUDGET = 200_000;

    private final Map<String, Integer> outcomes = new TreeMap<>();
    /** Mutants and nanoseconds per category. */
    private final Map<String, long[]> categories = new TreeMap<>();
    /** Failures by signature (exception and where it was thrown), each with its first mutant. */
    private final Map<String, String> failures = new TreeMap<>();
    private byte[] packet;

    @Test
    void everyMutantOpensLoadsAndRunsOrFailsTyped() throws Exception {
        long start = System.nanoTime();
        packet = Files.readAllBytes(Fixtures.obj("../pkt/ipv4_udp53_a.bin"));
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<LoaderMutants.Mutant> corpus = new ArrayList<>();
        for (Path obj : fixtureObjects()) {
            String name = obj.getFileName().toString();
            int perKind = name.endsWith("-eb.o") ? PER_KIND_EB
                    : obj.getParent().getFileName().toString().equals("obj") ? PER_KIND : PER_KIND_ONE_PROGRAM;
            new LoaderMutants(name, Files.readAllBytes(obj), rnd).generate(perKind, m -> corpus.add(
                    new LoaderMutants.Mutant(m.category(), name + ": " + m.description(), m.bytes())));
        }
        ExecutorService worker = worker();
        try {
            for (LoaderMutants.Mutant m : corpus) {
                long t0 = System.nanoTime();
                worker = runWithTimeout(worker, m);
                categories.merge(m.category(), new long[] {1, System.nanoTime() - t0}, (a, b) -> new long[] {
                    a[0] + b[0], a[1] + b[1]});
            }
        } finally {
            worker.shutdownNow();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("loader mutation corpus (seed 0x%x): %d mutants of %d objects in %d ms%n", SEED,
                corpus.size(), fixtureObjects().size(), ms);
        categories.forEach((k, v) -> System.out.printf("  mutants %-26s %5d in %5d ms%n", k, v[0], v[1] / 1_000_000));
        outcomes.forEach((k, v) -> System.out.printf("  %6d  %s%n", v, k));
        failures.forEach((k, v) -> System.out.println("FAILURE " + k + "\n    " + v));
        assertThat(failures).as("seed 0x%x: untyped outcomes", SEED).isEmpty();
        assertThat(corpus.size()).isGreaterThanOrEqualTo(3_000);
        // The corpus must keep reaching every stage: typed refusals at open and at load, loaded
        // objects, programs that run.
        assertThat(outcomes.keySet()).anyMatch(k -> k.startsWith("open: "))
                .anyMatch(k -> k.startsWith("load: ")).anyMatch(k -> k.startsWith("ran"));
    }

    /**
     * The fixture objects of both byte orders, then the simulator's and the verifier corpus's
     * little-endian objects (one program each, many that run).
     */
    static List<Path> fixtureObjects() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("", "sim", "verifier")) {
            try (Stream<Path> s = Files.list(Fixtures.obj(dir))) {
                s.filter(p -> p.getFileName().toString().matches(dir.isEmpty() ? ".*-e[lb]\\.o" : ".*\\.o"))
                        .sorted().forEach(all::add);
            }
        }
        return all;
    }

    private static ExecutorService worker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "loader-mutant");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs one case; a case that hangs is a failure, and its thread is abandoned for a new one. */
    private ExecutorService runWithTimeout(ExecutorService worker, LoaderMutants.Mutant m) throws Exception {
        Future<String> f = worker.submit(() -> outcome(m));
        try {
            outcomes.merge(f.get(CASE_TIMEOUT_MS, TimeUnit.MILLISECONDS), 1, Integer::sum);
            return worker;
        } catch (TimeoutException e) {
            fail(m, "hang", "no outcome after " + CASE_TIMEOUT_MS + " ms");
            worker.shutdownNow();
            return worker();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            StackTraceElement top = t.getStackTrace().length > 0 ? t.getStackTrace()[0] : null;
            fail(m, t.getClass().getSimpleName() + " at " + top, t.toString());
            return worker;
        }
    }

    /** The outcome of one mutant, as a histogram key; throws for an outcome that is a bug. */
    String outcome(LoaderMutants.Mutant m) {
        String file = m.description().substring(0, m.description().indexOf(':'));
        BpfObject o;
        try {
            o = BpfObject.open(file, m.bytes());
        } catch (LoaderException e) {
            return "open: " + located(e, file, m);
        }
        SimProcess kernel = new SimKernel().runBudget(RUN_BUDGET).rootProcess();
        LoadedObject loaded;
        try {
            loaded = o.load(kernel, LoadOptions.defaults());
        } catch (LoaderException e) {
            return "load: " + located(e, file, m);
        } catch (KernelException e) {
            return "load: " + e.errno();
        }
        try (loaded) {
            return run(loaded, kernel, m);
        }
    }

    private String run(LoadedObject loaded, SimProcess kernel, LoaderMutants.Mutant m) {
        String result = "ran: nothing to run";
        for (LoadedProgram p : loaded.programs().values()) {
            if (p.attr().type() != ProgType.XDP && p.attr().type() != ProgType.SCHED_CLS) {
                continue;
            }
            try {
                kernel.progTestRun(p.fd(), TestRunAttr.packet(packet));
                result = "ran: returned";
            } catch (KernelException e) {
                if (!(e.getCause() instanceof RunFault f)) {
                    return "ran: " + e.errno();
                }
                if (f.kind() != RunFault.Kind.BUDGET_EXHAUSTED) {
                    // The safety verifier accepted a program that then did what it should have refused.
                    fail(m, "unsound: " + f.kind(), "verifier accepted " + p.name() + ", which faulted: "
                            + f.getMessage());
                }
                return "ran: fault " + f.kind();
            }
        }
        return result;
    }

    /** The kind of {@code e}, after checking its location names the mutant's file. */
    private String located(LoaderException e, String file, LoaderMutants.Mutant m) {
        if (e.location() == null || !file.equals(e.location().file()) || !e.getMessage().startsWith(file)) {
            fail(m, "location without the file", e.getMessage());
        }
        return e.kind().id();
    }

    private synchronized void fail(LoaderMutants.Mutant m, String signature, String why) {
        failures.putIfAbsent(signature, "[" + m.category() + "] " + m.description() + ": " + why);
    }
}
