package dev.ebld.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.verifier.SafetyVerifier;
import dev.ebld.testkit.RequiresKernel;
import dev.ebld.testkit.RequiresTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * "Shared library, both ways", the static way: libflow_users linked with libflow by ebld's
 * linker, loaded with {@code bpftool prog loadall} and run by the real kernel on the packet
 * corpus, gives the values {@link DynamicLinkingTest} expects from the library loaded once and
 * called dynamically in the simulated kernel; the same linked object in the simulated kernel too.
 */
class StaticLibflowKernelTest {

    private static Path linked(Path dir) throws Exception {
        Path out = dir.resolve("libflow_linked.o");
        Linker.link(List.of(LinkInput.of(Fixtures.obj("libflow_users-el.o")),
                LinkInput.of(Fixtures.obj("libflow-el.o"))), LinkOptions.defaults()).write(out);
        return out;
    }

    @Test
    @RequiresKernel
    @RequiresTool("bpftool")
    void theRealKernelRunsTheStaticallyLinkedUsersWithTheExpectedResults() throws Exception {
        Path dir = Files.createTempDirectory("ebld-libflow");
        Path pins = Path.of("/sys/fs/bpf/ebld_libflow_" + ProcessHandle.current().pid());
        try {
            Path obj = linked(dir);
            run("bpftool", "prog", "loadall", obj.toString(), pins.toString(), "type", "xdp");
            for (var e : DynamicLinkingTest.KERNEL.entrySet()) {
                long[] got = new long[DynamicLinkingTest.PACKETS.size()];
                for (int i = 0; i < got.length; i++) {
                    Path pkt = dir.resolve(DynamicLinkingTest.PACKETS.get(i) + ".bin");
                    Files.write(pkt, DynamicLinkingTest.packet(DynamicLinkingTest.PACKETS.get(i)));
                    String out = run("bpftool", "prog", "run", "pinned", pins.resolve(e.getKey()).toString(),
                            "data_in", pkt.toString());
                    Matcher m = Pattern.compile("Return value: (\\d+)").matcher(out);
                    assertTrue(m.find(), out);
                    got[i] = Long.parseLong(m.group(1));
                }
                assertArrayEquals(e.getValue(), got, e.getKey());
            }
        } finally {
            deleteTree(pins);
            deleteTree(dir);
        }
    }

    @Test
    void theSimulatedKernelRunsTheStaticallyLinkedUsersLikeTheDynamicOnes() throws Exception {
        Path dir = Files.createTempDirectory("ebld-libflow");
        try {
            Kernel k = new SimKernel().verifier(new SafetyVerifier()).rootProcess();
            try (LoadedObject o = BpfObject.open(linked(dir)).load(k, LoadOptions.defaults())) {
                DynamicLinkingTest.assertKernelResults(k, o);
                assertEquals(0, o.linkableFunctions().stream().filter(f -> f.name().equals("main")).count());
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(x);
            }
        }
    }
}
