package dev.ebld.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.verifier.SafetyVerifier;
import dev.ebld.testkit.RequiresKernel;
import dev.ebld.testkit.RequiresTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every program of every fixture object ({@code obj/*-el.o}, {@code obj/verifier/*.o}), loaded
 * on its own through the real loader into the simulated kernel with the {@link SafetyVerifier},
 * against the real kernel's verdict on the same program loaded on its own through libbpf
 * ({@code fixtures/program-verdicts.sh}, goldens in {@code golden/verifier/program-verdicts.tsv};
 * {@link #goldensMatchTheLiveKernel} re-asks the kernel). The simulated kernel must never accept
 * what the kernel refuses; where it refuses what the kernel accepts, the program and the
 * simulated reason are listed below, so a change either way is noticed.
 */
class SoloLoadDifferentialTest {
    /** Programs the real kernel accepts and the simulated one refuses, with the simulated reason. */
    private static final Map<String, String> SIM_REFUSES_KERNEL_ACCEPTS = Map.ofEntries(
            Map.entry("core_more-el.o xdp_core_more", "invalid func unknown#195896080"),
            Map.entry("kconfig_ksym-el.o xdp_kconfig",
                    "extern (func ksym) 'bpf_cast_to_kern_ctx': not found in kernel BTF"),
            Map.entry("loader_sections-el.o tp_getpid",
                    "program type TRACEPOINT is not supported by the safety verifier"),
            Map.entry("loader_tracing-el.o on_switch",
                    "program 'on_switch': failed to find kernel BTF type ID of 'sched_switch'"),
            Map.entry("verifier/sock_fields_ok.o prog",
                    "helper bpf_skb_load_bytes (id 26) is not supported by the simulated kernel"));

    /**
     * Programs libbpf 1.1 (the machine's loader) refuses before the kernel sees them, for
     * reasons of that libbpf version, not of the kernel: the simulated loader follows newer
     * libbpf here and the kernel would take them.
     */
    private static final Map<String, String> LIBBPF_1_1_REFUSES = Map.of(
            "loader_sections-el.o tcx_in", "libbpf 1.1 has no tcx/ingress section (added in 1.3)",
            "maps_legacy-el.o legacy_user", "libbpf 1.0+ refuses legacy 'maps' section definitions");

    private record Verdict(boolean accept, String reason) {
    }

    private static final Map<String, Verdict> SIM = new TreeMap<>();
    private static final Map<String, Verdict> KERNEL = new TreeMap<>();

    @BeforeAll
    static void verdicts() throws IOException {
        for (String line : Files.readAllLines(golden())) {
            String[] f = line.split("\t", -1);
            KERNEL.put(f[0] + " " + f[1], new Verdict(f[2].equals("accept"), f[3]));
        }
        for (Path o : objects()) {
            String rel = Fixtures.obj("").relativize(o).toString();
            BpfObject object;
            try {
                object = BpfObject.open(o);
            } catch (LoaderException e) {
                SIM.put(rel + " *", new Verdict(false, e.getMessage()));
                continue;
            }
            for (ProgramVerdict v : SoloLoad.each(object,
                    () -> new SimKernel().verifier(new SafetyVerifier()).rootProcess(), LogOptions.NONE)) {
                SIM.put(rel + " " + v.program(), new Verdict(v.accepted(), v.reason()));
            }
        }
    }

    static List<Path> objects() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Fixtures.obj(""))) {
            s.filter(p -> p.toString().endsWith("-el.o")).sorted().forEach(out::add);
        }
        try (Stream<Path> s = Files.list(Fixtures.obj("verifier"))) {
            s.filter(p -> p.toString().endsWith(".o")).sorted().forEach(out::add);
        }
        return out;
    }

    private static Path golden() {
        return Fixtures.obj("").getParent().resolve("golden/verifier/program-verdicts.tsv");
    }

    /**
     * The kernel's verdict on a program: its own line, or its object's when libbpf could not open
     * it. For a whole object ({@code "obj *"}, which ebld's loader could not open): accepted if
     * the kernel took any of its programs.
     */
    private static Verdict kernel(String key) {
        String object = key.substring(0, key.indexOf(' ') + 1);
        Verdict v = KERNEL.get(key);
        if (v == null && key.endsWith(" *")) {
            return KERNEL.entrySet().stream().filter(e -> e.getKey().startsWith(object))
                    .map(Map.Entry::getValue).reduce((a, b) -> a.accept() ? a : b).orElse(null);
        }
        return v != null ? v : KERNEL.get(object + "*");
    }

    /** The simulated verdict: the program's own, or its object's when the loader could not open it. */
    private static Verdict sim(String key) {
        Verdict v = SIM.get(key);
        return v != null ? v : SIM.get(key.substring(0, key.indexOf(' ')) + " *");
    }

    @Test
    void theSimulatedKernelNeverAcceptsWhatTheKernelRefuses() {
        Map<String, String> unsound = new TreeMap<>();
        SIM.forEach((k, v) -> {
            Verdict kv = kernel(k);
            if (v.accept() && (kv == null || !kv.accept()) && !LIBBPF_1_1_REFUSES.containsKey(k)) {
                unsound.put(k, kv == null ? "no kernel verdict" : kv.reason());
            }
        });
        assertEquals(Map.of(), unsound);
        LIBBPF_1_1_REFUSES.keySet().forEach(k -> assertTrue(sim(k).accept() && !kernel(k).accept(), k));
    }

    @Test
    void theSimulatedKernelRefusesOnlyTheListedProgramsTheKernelAccepts() {
        Map<String, String> over = new TreeMap<>();
        SIM.forEach((k, v) -> {
            Verdict kv = kernel(k);
            if (!v.accept() && kv != null && kv.accept()) {
                over.put(k, v.reason());
            }
        });
        assertEquals(new TreeMap<>(SIM_REFUSES_KERNEL_ACCEPTS), over);
    }

    /**
     * libbpf 1.1 takes a lone {@code .text} function for a program where the object has no other
     * (its legacy rule), and ebld's loader does not: those programs are the kernel's only, and
     * libbpf refuses each for its section. Every other program is judged by both.
     */
    @Test
    void programsOnlyLibbpfSeesAreRefusedByIt() {
        KERNEL.forEach((k, v) -> {
            if (!k.endsWith(" *") && sim(k) == null) {
                assertTrue(!v.accept(), k + " is a program only libbpf lists, yet the kernel took it");
            }
        });
    }

    /** The agreement figure the README quotes. */
    @Test
    void agreement() {
        int same = 0;
        for (Map.Entry<String, Verdict> e : SIM.entrySet()) {
            Verdict kv = kernel(e.getKey());
            if (kv != null && kv.accept() == e.getValue().accept()) {
                same++;
            }
        }
        System.out.printf("solo-load differential: %d programs, %d same verdict, %d simulated refusals of"
                + " kernel-accepted programs, %d libbpf 1.1 refusals, 0 unsound%n", SIM.size(), same,
                SIM_REFUSES_KERNEL_ACCEPTS.size(), LIBBPF_1_1_REFUSES.size());
        assertEquals(SIM.size() - SIM_REFUSES_KERNEL_ACCEPTS.size() - LIBBPF_1_1_REFUSES.size(), same);
    }

    @Test
    @RequiresKernel
    @RequiresTool("cc")
    void goldensMatchTheLiveKernel() throws Exception {
        Path script = golden().getParent().getParent().getParent().resolve("program-verdicts.sh");
        Path out = Files.createTempFile("program-verdicts", ".tsv");
        try {
            Process p = new ProcessBuilder("sh", script.toString(), out.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().transferTo(System.out);
            assertEquals(0, p.waitFor(), "program-verdicts.sh failed");
            assertEquals(Files.readString(golden()), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
