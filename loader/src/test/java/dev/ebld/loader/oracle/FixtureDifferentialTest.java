package dev.ebld.loader.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfReader;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.BpfProgram;
import dev.ebld.loader.GlobalVar;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.testkit.RequiresKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kernel is the truth: every fixture object with XDP, tc or socket-filter programs is
 * loaded both by {@code bpftool prog loadall} and into a fresh simulated kernel (whose default
 * verifier is the safety verifier), each such program runs on every packet of the corpus in
 * both, and return value, output packet and the object's globals afterwards must agree.
 *
 * <p>Two committed lists say where that comparison cannot happen: {@code kernel-refuses.tsv}
 * (objects the kernel itself will not load, with why) and {@code sim-refuses.tsv} (objects the
 * kernel loads but the simulated kernel refuses: reported disagreements, with a fragment of the
 * simulated kernel's message). Both are asserted exactly, so a fix or a regression shows.
 */
@RequiresKernel
class FixtureDifferentialTest {
    static final Map<String, String> KERNEL_REFUSES = Corpus.table("kernel-refuses.tsv");
    static final Map<String, String> SIM_REFUSES = Corpus.table("sim-refuses.tsv");
    private static final Set<ProgType> RUNNABLE = Set.of(ProgType.XDP, ProgType.SCHED_CLS,
            ProgType.SCHED_ACT, ProgType.SOCKET_FILTER);

    /**
     * Objects with at least one autoloaded program bpftool can run on a packet, and objects ebld
     * cannot open (their programs are unknown; the kernel must refuse them too, or it is a
     * disagreement).
     */
    static Stream<Path> runnableObjects() {
        return Corpus.objects().stream().filter(p -> {
            try {
                return !runnable(BpfObject.open(p)).isEmpty();
            } catch (IOException | RuntimeException e) {
                return true;
            }
        });
    }

    static List<BpfProgram> runnable(BpfObject o) {
        return o.programs().stream().filter(p -> p.autoload() && RUNNABLE.contains(p.def().type())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnableObjects")
    void objectBehavesAsInTheKernel(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (BpftoolKernel real = BpftoolKernel.loadAll(file)) {
            if (real.refusal().isPresent()) {
                System.out.println("DIFF " + name + ": kernel refuses: " + lastLine(real.refusal().get()));
                assertThat(KERNEL_REFUSES).as("the kernel refuses %s:%n%s", name, real.refusal().get())
                        .containsKey(name);
                return;
            }
            assertThat(KERNEL_REFUSES).as("the kernel now loads %s", name).doesNotContainKey(name);
            BpfObject o;
            LoadedObject sim;
            try {
                o = BpfObject.open(file);
                sim = o.load(machineLike().rootProcess(), LoadOptions.defaults());
            } catch (LoaderException e) {
                System.out.println("DIFF " + name + ": simulated kernel refuses: " + e.getMessage());
                assertThat(SIM_REFUSES).as("the simulated kernel refuses %s: %s", name, e.getMessage())
                        .containsKey(name);
                assertThat(e.getMessage()).contains(SIM_REFUSES.get(name));
                return;
            }
            try (sim) {
                assertThat(SIM_REFUSES).as("the simulated kernel now loads %s", name).doesNotContainKey(name);
                for (BpfProgram p : runnable(o)) {
                    for (Path pkt : Corpus.packets()) {
                        samePacketRun(real, sim, p.name(), pkt);
                    }
                    sameGlobals(real, sim, p.name());
                }
            }
        }
    }

    private static void samePacketRun(BpftoolKernel real, LoadedObject sim, String prog, Path pkt)
            throws IOException {
        BpftoolKernel.ProgRun want = real.run(prog, pkt, 1);
        String what = prog + " on " + pkt.getFileName();
        TestRunAttr attr = TestRunAttr.packet(Files.readAllBytes(pkt));
        if (want.errno() != 0) {
            assertThatThrownBy(() -> sim.kernel().progTestRun(sim.program(prog).fd(), attr))
                    .as("the kernel refuses to run %s with errno %d", what, want.errno())
                    .isInstanceOfSatisfying(KernelException.class,
                            e -> assertThat(e.errno().number()).isEqualTo(want.errno()));
            return;
        }
        TestRunResult got = sim.kernel().progTestRun(sim.program(prog).fd(), attr);
        assertThat(got.retval() & 0xffff_ffffL).as("return value of %s", what).isEqualTo(want.retval());
        assertThat(got.dataOut().orElse(new byte[0])).as("packet out of %s", what).isEqualTo(want.dataOut());
    }

    /** Every global of the object, read through BTF in the simulated kernel, against the kernel's map value. */
    private static void sameGlobals(BpftoolKernel real, LoadedObject sim, String prog) {
        Map<String, byte[]> kernelValues = real.firstValues(prog);
        for (GlobalVar v : sim.object().globals().values()) {
            String mapName = sim.kernel().mapInfo(sim.map(v.map()).fd()).name();
            byte[] value = kernelValues.get(mapName);
            if (value == null) {
                continue; // a data map this program does not use: checked with a program that does
            }
            byte[] want = Arrays.copyOfRange(value, v.offset(), v.offset() + v.size());
            assertThat(sim.global(v.name()).bytes()).as("global %s after %s", v.name(), prog).isEqualTo(want);
        }
    }

    /**
     * A simulated kernel with this machine's kernel BTF, so that CO-RE relocations and kfunc
     * externs resolve against the same types as in the real kernel (read once per test run).
     */
    static SimKernel machineLike() {
        synchronized (FixtureDifferentialTest.class) {
            if (vmlinux == null) {
                try {
                    vmlinux = BtfReader.read(Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux")));
                } catch (IOException | BtfFormatException e) {
                    throw new AssertionError("cannot read /sys/kernel/btf/vmlinux", e);
                }
            }
            return new SimKernel().vmlinuxBtf(vmlinux);
        }
    }

    private static Btf vmlinux;

    /** Every listed object exists, and no object is listed as both refused by the kernel and by the simulation. */
    @Test
    void exclusionListsNameFixtures() {
        Set<String> names = Set.copyOf(Corpus.objects().stream().map(p -> p.getFileName().toString()).toList());
        assertThat(KERNEL_REFUSES.keySet()).allMatch(names::contains);
        assertThat(SIM_REFUSES.keySet()).allMatch(names::contains).noneMatch(KERNEL_REFUSES::containsKey);
    }

    /** The last non-blank line of bpftool's output: libbpf's summary of why the load failed. */
    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }
}
