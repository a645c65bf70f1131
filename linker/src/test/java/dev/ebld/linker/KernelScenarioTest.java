package dev.ebld.linker;

import dev.ebld.testkit.RequiresKernel;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real kernel judges ebld's output: every multi-file scenario that is expected to link is
 * linked by ebld, loaded with {@code bpftool prog loadall} and its XDP programs run on the zero
 * packet, in the order scenarios.tsv lists them, expecting the listed return values. The same
 * inputs go through {@code bpftool gen object} (libbpf's linker) too, and what it did is printed
 * beside ebld's result; where it fails or differs, this test is the evidence that ebld is right.
 * Where libbpf's link succeeds, ebld's output has no more BTF types than libbpf's (both counted
 * by {@code bpftool btf dump file}).
 */
@RequiresKernel
class KernelScenarioTest {

    /** Multi-file scenarios, and single objects relinked alone (which exercises every relocation kind). */
    static Stream<Fixtures.Scenario> runnable() {
        return Fixtures.scenarios().stream()
                .filter(s -> s.kind().equals("link") || s.kind().equals("single") && s.verified().startsWith("kernel"))
                .filter(s -> s.expect().equals("ok") && !s.runs().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnable")
    void linkedObjectRunsInTheKernel(Fixtures.Scenario s, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve(s.name() + ".o");
        Linker.link(s.linkInputs("el"), LinkOptions.defaults()).write(out);
        Map<String, Integer> got = runAll(out, s);
        String peer = peerVerdict(s, tmp);
        System.out.println(s.name() + ": ebld " + got + "; expected " + s.runs() + "; bpftool gen object: " + peer);
        assertThat(got).isEqualTo(s.runs());
        Path peerOut = tmp.resolve(s.name() + "-bpftool.o");
        if (Files.exists(peerOut)) {
            assertThat(btfTypeCount(out)).as("BTF types, ebld vs bpftool gen object").isPositive()
                    .isLessThanOrEqualTo(btfTypeCount(peerOut));
        }
    }

    /** Types in {@code object}'s .BTF as bpftool lists them ({@code [id] KIND ...} lines). */
    private static long btfTypeCount(Path object) {
        Kernel.Run r = Kernel.run(List.of("bpftool", "btf", "dump", "file", object.toString()));
        assertThat(r.exit()).as("bpftool btf dump file %s: %s", object, r.output()).isZero();
        return r.output().lines().filter(l -> l.startsWith("[")).count();
    }

    /**
     * The rootlet linked incrementally, as a libxdp-style daemon would: first with component_a
     * (slot1 still the rootlet's weak placeholder), then that result with component_b. The
     * kernel must give the same verdict as the one-step link of all three.
     */
    @org.junit.jupiter.api.Test
    void rootletLinkedIncrementally(@TempDir Path tmp) throws Exception {
        Fixtures.Scenario all = Fixtures.scenarios().stream().filter(x -> x.name().equals("rootlet_ab")).findFirst()
                .orElseThrow();
        Path partial = tmp.resolve("rootlet+a.o");
        Path full = tmp.resolve("rootlet+a+b.o");
        Linker.link(List.of(LinkInput.of(Fixtures.obj("rootlet-el.o")),
                LinkInput.of(Fixtures.obj("component_a-el.o"))), LinkOptions.defaults()).write(partial);
        Linked r = Linker.link(List.of(LinkInput.of(partial),
                LinkInput.of(Fixtures.obj("component_b-el.o"))), LinkOptions.defaults());
        r.write(full);
        assertThat(r.map().symbols()).anySatisfy(sym -> {
            assertThat(sym.name()).isEqualTo("slot1");
            assertThat(sym.winner().file()).contains("component_b-el.o");
        });
        assertThat(runAll(full, all)).isEqualTo(all.runs());
    }

    /** Loads {@code object} and runs the scenario's programs in order; -1 marks a failure. */
    static Map<String, Integer> runAll(Path object, Fixtures.Scenario s) {
        Map<String, Integer> got = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        try (Kernel.Loaded loaded = new Kernel.Loaded(object)) {
            if (!loaded.ok()) {
                throw new AssertionError("bpftool prog loadall failed for " + s.name() + ":\n" + loaded.load.output());
            }
            for (String prog : s.runs().keySet()) {
                got.put(prog, loaded.runXdp(prog, Fixtures.dir().resolve("pkt/zero64.bin"), log));
            }
        }
        if (log.length() > 0) {
            System.out.println(log);
        }
        return got;
    }

    private static String peerVerdict(Fixtures.Scenario s, Path tmp) {
        if (s.linkInputs("el").stream().anyMatch(i -> i.path().toString().endsWith(".a"))) {
            return "not applicable (no archive support)";
        }
        Path out = tmp.resolve(s.name() + "-bpftool.o");
        List<Path> ins = s.linkInputs("el").stream().map(LinkInput::path).toList();
        Kernel.Run r = Kernel.bpftoolLink(out, ins);
        if (r.exit() != 0 || !Files.exists(out)) {
            out.toFile().delete(); // a crashed libbpf may leave half an object: nothing to compare with
            return "link failed (exit " + r.exit() + ")";
        }
        try {
            Map<String, Integer> peer = runAll(out, s);
            return peer.equals(s.runs()) ? "same results" : "different results " + peer;
        } catch (AssertionError e) {
            return "output does not load";
        }
    }
}
