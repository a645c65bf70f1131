package dev.ebld.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.KernelBackends;
import dev.ebld.loader.kernel.KernelHandle;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.testkit.Oracles;
import dev.ebld.testkit.RequiresKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ebld run --kernel linux}: the same load into this machine's kernel prints what
 * {@code --kernel sim} prints (durations aside), its return values are the kernel-measured ones,
 * and {@code bpftool prog run} on the same object says the same.
 */
@RequiresKernel
class RunCommandLinuxTest {
    private static final Pattern RETURN = Pattern.compile("Return value: (\\d+)");

    /** A run's output with the duration, the one thing two runs may differ in, blanked. */
    private static String stable(String out) {
        return out.replaceAll("duration( \\(average\\))?: \\d+ns", "duration$1: -");
    }

    private static CliRun run(String kernel, String... args) {
        String[] all = Stream.concat(Stream.of("run"), Stream.concat(Stream.of(args),
                Stream.of("--kernel", kernel))).toArray(String[]::new);
        CliRun run = CliRun.of(all);
        assertThat(run.code()).as("%s: %s", kernel, run.err()).isEqualTo(Main.OK);
        return run;
    }

    /** The same arguments in both kernels: the same output, which is returned. */
    private static String sameInBothKernels(String... args) {
        String linux = stable(run("linux", args).out());
        assertThat(linux).isEqualTo(stable(run("sim", args).out()));
        return linux;
    }

    private static long returnValue(String out) {
        Matcher m = RETURN.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String pkt(String name) {
        return CliRun.fixtures().resolve("pkt/" + name + ".bin").toString();
    }

    @Test
    void linkedDispatcherGivesTheKernelMeasuredVerdictsAsSimAndBpftoolDo(@TempDir Path dir) throws Exception {
        Path object = dir.resolve("dispatcher.o");
        Files.write(object, SimDispatcherAgreementTest.linkedDispatcher());
        Map<String, Long> ebld = new TreeMap<>();
        for (String p : SimDispatcherAgreementTest.packets()) {
            ebld.put(p, returnValue(sameInBothKernels(object.toString(), "--prog", "rootlet", "--data-in", pkt(p))));
        }
        assertThat(ebld).isEqualTo(SimDispatcherAgreementTest.KERNEL);
        assertThat(bpftoolVerdicts(object, "rootlet")).isEqualTo(ebld);
    }

    /** {@code bpftool prog loadall} then {@code prog run} per packet: its Return value by packet. */
    private static Map<String, Long> bpftoolVerdicts(Path object, String prog) throws Exception {
        Path pins = Path.of("/sys/fs/bpf/ebld-cli-test-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, Long> out = new TreeMap<>();
        try {
            SimDispatcherAgreementTest.run("mkdir", "-p", pins.resolve("progs").toString(), pins.resolve("maps").toString());
            SimDispatcherAgreementTest.run("bpftool", "prog", "loadall", object.toString(), pins.resolve("progs").toString(),
                    "pinmaps", pins.resolve("maps").toString());
            for (String p : SimDispatcherAgreementTest.packets()) {
                out.put(p, returnValue(SimDispatcherAgreementTest.run("bpftool", "prog", "run", "pinned",
                        pins.resolve("progs/" + prog).toString(), "data_in", pkt(p))));
            }
        } finally {
            SimDispatcherAgreementTest.run("rm", "-rf", pins.toString());
        }
        return out;
    }

    /** Fixtures with the kernel's values (fixtures/scenarios.tsv, RunCommandTest). */
    @ParameterizedTest
    @CsvSource({"progs_multi-el.o, xdp_calls, zero64, 205", "globals-el.o, xdp_globals, zero64, 160",
        "maps_pinned-el.o, count_pinned, ipv4_tcp80, 2"})
    void fixtureGivesTheKernelsValueAsSimDoes(String object, String prog, String packet, long expected) {
        String out = sameInBothKernels(CliRun.obj(object).toString(), "--prog", prog, "--data-in", pkt(packet));
        assertThat(returnValue(out)).isEqualTo(expected);
    }

    /** --set before the load and --show-globals after the run go through the kernel's data maps. */
    @Test
    void globalsAreSetAndReadThroughTheRealKernel() {
        String out = sameInBothKernels(CliRun.obj("globals-el.o").toString(), "--prog", "xdp_globals",
                "--data-in", pkt("zero64"), "--set", "ro_var=111", "--show-globals", "--repeat", "3");
        assertThat(out).startsWith("Return value: 264, duration (average): -").contains(".rodata ro_var = 111\n").contains(".bss bss_var = 3\n");
    }

    @Test
    void dataOutIsTheKernelsPacket(@TempDir Path dir) throws Exception {
        Path linux = dir.resolve("linux.bin");
        Path sim = dir.resolve("sim.bin");
        String[] args = {CliRun.obj("progs_multi-el.o").toString(), "--prog", "xdp_calls", "--data-in", pkt("ipv4_tcp80")};
        run("linux", concat(args, "--data-out", linux.toString()));
        run("sim", concat(args, "--data-out", sim.toString()));
        assertThat(Files.readAllBytes(linux)).isEqualTo(Files.readAllBytes(sim))
                .isEqualTo(Files.readAllBytes(Path.of(pkt("ipv4_tcp80"))));
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    /**
     * A map pinned by name is pinned under a directory of the run's own, removed after: nothing
     * is left under bpffs, and a pin at the default root (from an earlier run) is not reused.
     */
    @Test
    void pinnedMapsLeaveNoPinBehind() throws IOException {
        Set<String> before = runDirs();
        for (int i = 0; i < 2; i++) {
            run("linux", CliRun.obj("maps_pinned-el.o").toString(), "--prog", "count_pinned", "--data-in", pkt("zero64"));
        }
        assertThat(runDirs()).isEqualTo(before);
    }

    private static Set<String> runDirs() throws IOException {
        try (Stream<Path> s = Files.list(RunPins.BPFFS)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ebld-run-"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * Without the privilege (root's uid, every capability dropped by setpriv) the probe is
     * refused: one line saying so and what to do, exit 1, nothing loaded.
     */
    @Test
    void withoutCapBpfTheRunIsOneLineSayingWhy() throws Exception {
        Oracles.assumeTool("setpriv", "dropping capabilities");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CliRun run = RunCommandOldJavaTest.launch(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all",
                java, "--enable-native-access=ALL-UNNAMED"), "run", CliRun.obj("progs_multi-el.o").toString(),
                "--prog", "xdp_calls", "--data-in", pkt("zero64"), "--kernel", "linux");

        assertThat(run.code()).as(run.err()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.errLines()).containsExactly(
                "ebld: error: --kernel linux: bpf(2) refused: EPERM — run as root or grant CAP_BPF");
        assertThat(run.out()).isEmpty();
    }

    /** The pin goes under the run's own directory while the object is loaded, and goes with it. */
    @Test
    void theRunsPinDirectoryHoldsThePinWhileLoaded() throws IOException {
        BpfObject object = BpfObject.open(CliRun.obj("maps_pinned-el.o"));
        Path dir;
        try (KernelHandle real = KernelBackends.open("linux"); RunPins pins = RunPins.forObject(object, RunPins.BPFFS);
                LoadedObject loaded = object.load(real, pins.apply(LoadOptions.defaults()))) {
            dir = pins.dir().orElseThrow();
            assertThat(dir.getParent()).isEqualTo(RunPins.BPFFS);
            assertThat(dir.resolve("shared_counts")).exists();
            MapFd pinned = (MapFd) real.objGet(dir.resolve("shared_counts").toString());
            assertThat(real.mapInfo(pinned).id()).as("the pin is the loaded map")
                    .isEqualTo(real.mapInfo(loaded.map("shared_counts").fd()).id());
            real.close(pinned);
        }
        assertThat(dir).doesNotExist();
    }
}
