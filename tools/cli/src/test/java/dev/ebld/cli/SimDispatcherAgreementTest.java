package dev.ebld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.sim.SimProcess;
import dev.ebld.testkit.RequiresKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Static and dynamic linking agree (issue 13): the rootlet linked statically with the firewall
 * and the load balancer ({@link Linker}, as {@code ebld link}) and the rootlet extended at run time
 * by replacing its placeholders (fixtures/sim/dispatcher.sim, through {@code ebld sim}) give the
 * same verdict for every packet of fixtures/pkt. The static object is judged by the real kernel
 * (this machine's kernel refuses freplace, so the dynamic side runs in the simulator) and by
 * the simulator.
 */
class SimDispatcherAgreementTest {
    private static final Pattern INJECT = Pattern.compile("^inject (\\S+)\\.bin: \\S+ \\((\\d+)\\)");
    private static final Pattern RETURN = Pattern.compile("Return value: (\\d+)");

    /** What the kernel measured for the static dispatcher (main-state, FreplaceTest). */
    static final Map<String, Long> KERNEL = new TreeMap<>(Map.ofEntries(Map.entry("arp_request", 2L),
            Map.entry("eth_only_ipv4", 1L), Map.entry("ipv4_fragment", 1L), Map.entry("ipv4_tcp23", 1L),
            Map.entry("ipv4_tcp80", 2L), Map.entry("ipv4_udp123", 2L), Map.entry("ipv4_udp53_a", 3L),
            Map.entry("ipv4_udp53_b", 3L), Map.entry("ipv6_udp53", 2L), Map.entry("vlan_ipv4_tcp23", 1L),
            Map.entry("zero64", 2L)));

    /** The verdict per packet of the script, with both extensions in (before it detaches one). */
    static Map<String, Long> dynamicVerdicts() {
        CliRun run = CliRun.of("sim", CliRun.fixtures().resolve("sim/dispatcher.sim").toString());
        assertEquals(0, run.code(), run.err());
        Map<String, Long> out = new TreeMap<>();
        String extended = run.out().substring(run.out().indexOf("link 3 lb"), run.out().indexOf("detached fw"));
        for (String line : extended.split("\n")) {
            Matcher m = INJECT.matcher(line);
            if (m.find()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return out;
    }

    static List<String> packets() {
        List<String> names = new ArrayList<>();
        CliRun.list("pkt", ".bin").forEach(p -> names.add(p.getFileName().toString().replace(".bin", "")));
        return names;
    }

    static byte[] linkedDispatcher() throws Exception {
        List<LinkInput> in = new ArrayList<>();
        for (String o : List.of("rootlet-el.o", "dispatch_fw-el.o", "dispatch_lb-el.o")) {
            in.add(LinkInput.of(CliRun.obj(o)));
        }
        return Linker.link(in, LinkOptions.defaults()).bytes();
    }

    @Test
    void dynamicReplaceGivesTheKernelsVerdictsForEveryPacket() {
        Map<String, Long> dynamic = dynamicVerdicts();
        assertEquals(packets(), new ArrayList<>(dynamic.keySet()), "the script injects every packet");
        assertEquals(KERNEL, dynamic);
    }

    @Test
    void staticLinkInTheSimulatorAgreesWithDynamicReplace() throws Exception {
        SimProcess p = new SimKernel().rootProcess();
        LoadedObject linked = BpfObject.open("dispatcher.o", linkedDispatcher()).load(p, LoadOptions.defaults());
        Map<String, Long> dynamic = dynamicVerdicts();
        for (String pkt : packets()) {
            byte[] data = Files.readAllBytes(CliRun.fixtures().resolve("pkt/" + pkt + ".bin"));
            long r = p.progTestRun(linked.program("rootlet").fd(), TestRunAttr.packet(data)).retval();
            assertEquals(dynamic.get(pkt), r, pkt);
        }
    }

    @Test
    @RequiresKernel
    void staticLinkInTheRealKernelAgreesWithDynamicReplace() throws Exception {
        Path dir = Path.of("/sys/fs/bpf/ebld-sim-test-" + UUID.randomUUID().toString().substring(0, 8));
        Path object = Files.createTempFile("ebld-dispatcher", ".o");
        try {
            Files.write(object, linkedDispatcher());
            run("mkdir", "-p", dir.resolve("progs").toString(), dir.resolve("maps").toString());
            String load = run("bpftool", "prog", "loadall", object.toString(), dir.resolve("progs").toString(),
                    "pinmaps", dir.resolve("maps").toString());
            assertTrue(Files.exists(dir.resolve("progs/rootlet")), "bpftool prog loadall: " + load);
            Map<String, Long> dynamic = dynamicVerdicts();
            for (String pkt : packets()) {
                String out = run("bpftool", "prog", "run", "pinned", dir.resolve("progs/rootlet").toString(),
                        "data_in", CliRun.fixtures().resolve("pkt/" + pkt + ".bin").toString());
                Matcher m = RETURN.matcher(out);
                assertTrue(m.find(), pkt + ": " + out);
                assertEquals(dynamic.get(pkt), Long.parseLong(m.group(1)), pkt + " (kernel vs. ebld sim)");
            }
        } finally {
            run("rm", "-rf", dir.toString());
            Files.deleteIfExists(object);
        }
    }

    /** Runs a command (bpftool) and returns its stdout and stderr together. */
    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + ": timeout");
        return out;
    }
}
