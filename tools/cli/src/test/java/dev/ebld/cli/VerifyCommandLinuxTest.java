package dev.ebld.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.testkit.RequiresKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ebld verify --kernel linux} and {@code --kernel both} against this machine's kernel, over
 * the whole verifier corpus ({@code obj/verifier/*.o}, one program called {@code prog} each): the
 * verdicts and messages are the committed kernel ones ({@code golden/verifier/kernel-verdicts.tsv},
 * which {@code KernelVerdictsTest} re-asks the kernel for through bpftool), and the simulated
 * kernel never accepts what the real one refuses.
 */
@RequiresKernel
class VerifyCommandLinuxTest {
    /** Corpus programs the simulated kernel refuses and the real one takes (as SoloLoadDifferentialTest lists). */
    private static final Set<String> SIM_STRICTER = Set.of("sock_fields_ok");

    /** Name -> {verdict, message} from kernel-verdicts.tsv. */
    private static final Map<String, String[]> GOLDEN = new TreeMap<>();

    @BeforeAll
    static void goldens() throws IOException {
        for (String line : Files.readAllLines(CliRun.fixtures().resolve("golden/verifier/kernel-verdicts.tsv"))) {
            String[] f = line.split("\t", -1);
            GOLDEN.put(f[0], new String[] {f[1], f[2]});
        }
    }

    private static String name(Path o) {
        return o.getFileName().toString().replaceFirst("\\.o$", "");
    }

    private static String obj(String name) {
        return CliRun.obj(name).toString();
    }

    @Test
    void everyCorpusVerdictAndMessageIsTheCommittedKernelOne() {
        List<Path> corpus = CliRun.list("obj/verifier", ".o");
        assertThat(corpus).hasSize(GOLDEN.size());
        Map<String, String> wrong = new TreeMap<>();
        for (Path o : corpus) {
            CliRun r = CliRun.of("verify", "--kernel", "linux", o.toString());
            String[] golden = GOLDEN.get(name(o));
            boolean accept = golden[0].equals("accept");
            boolean same = accept ? r.out().equals("prog accept\n")
                    : r.out().startsWith("prog reject: " + o + ":(") && r.out().endsWith(": " + golden[1] + "\n")
                            && r.out().lines().count() == 1;
            if (!same || r.code() != (accept ? Main.OK : Main.BAD_INPUT)) {
                wrong.put(name(o), r.code() + " " + r.out() + r.err());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theSimulatedKernelNeverAcceptsWhatTheRealOneRefuses() {
        Set<String> stricter = new TreeSet<>();
        for (Path o : CliRun.list("obj/verifier", ".o")) {
            CliRun r = CliRun.of("verify", "--kernel", "both", o.toString());
            assertThat(r.code()).as("%s: %s%s", o, r.out(), r.err()).isEqualTo(Main.OK);
            assertThat(r.out()).as(o.toString()).doesNotContain("sim accepts, kernel rejects")
                    .endsWith("same verdict, 0 sim accepts what the kernel rejects, "
                            + (r.out().contains("sim rejects, kernel accepts") ? 1 : 0)
                            + " sim rejects what the kernel accepts\n");
            if (r.out().startsWith("prog sim rejects, kernel accepts: ")) {
                stricter.add(name(o));
            }
        }
        assertThat(stricter).isEqualTo(SIM_STRICTER);
    }

    /** The kernel's own log names the refused instruction; it is located and sourced as the simulator's is. */
    @Test
    void aKernelRefusalIsLocatedAndSourcedAsTheSimulatorsIs() {
        for (String o : List.of(obj("verifier/adjust_head_stale.o"), obj("verifier/glob_inner_bad.o"),
                obj("verifier/tail_call_badmap.o"))) {
            CliRun linux = CliRun.of("verify", "--kernel", "linux", o);
            assertThat(linux.out()).isEqualTo(CliRun.of("verify", o).out());
        }
        assertThat(CliRun.of("verify", "--kernel", "linux", obj("verifier/glob_inner_bad.o")).out())
                .isEqualTo("prog reject: " + obj("verifier/glob_inner_bad.o") + ":(.text+0x8):"
                        + " ./glob_inner_bad.c:2: R1 offset is outside of the packet\n");
    }

    /** The log is the kernel's (its register states after "; "), not the simulator's. */
    @Test
    void logLevelPrintsTheKernelsOwnLog() {
        String o = obj("verifier/ctx_modified.o");
        CliRun r = CliRun.of("verify", "--kernel", "linux", "--log-level", "1", o);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("prog reject: " + o + ":(xdp+0x8): ./ctx_modified.c:4: dereference"
                + " of modified ctx ptr R1 off=4 disallowed");
        assertThat(lines).contains("0: R1=ctx() R10=fp0", "dereference of modified ctx ptr R1 off=4 disallowed");
        assertThat(lines.get(lines.size() - 1)).startsWith("processed 2 insns");
        CliRun both = CliRun.of("verify", "--kernel", "both", "--log-level", "1", o);
        assertThat(both.out()).contains("\nsim log:\n0: (07) r1 += 4\n", "\nkernel log:\n0: R1=ctx() R10=fp0\n");
    }

    /**
     * An object pinning a map by name: verified in a pin directory of its own, so the run neither
     * reuses a pin already under bpffs's root nor leaves one behind.
     */
    @Test
    void aMapPinnedByNameLeavesNoPinBehind() throws IOException {
        Set<Path> before = bpffs();
        CliRun r = CliRun.of("verify", "--kernel", "both", obj("maps_pinned-el.o"));
        assertThat(r.out()).startsWith("count_pinned accept: sim and kernel\n");
        assertThat(bpffs()).isEqualTo(before);
    }

    private static Set<Path> bpffs() throws IOException {
        try (Stream<Path> s = Files.list(RunPins.BPFFS)) {
            return new TreeSet<>(s.toList());
        }
    }
}
