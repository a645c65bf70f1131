package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.RedirectSupport.u32s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.UpdateMode;
import dev.ebld.testkit.RequiresKernel;
import dev.ebld.testkit.RequiresTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * fixtures/src/xdp_steer.c end to end: IPv4 to CPU 1 through a CPUMAP, other frames out of the
 * device a DEVMAP_HASH keeps under their EtherType. Injected into a simulated device, and
 * test-run by the real kernel (bpftool) and the simulated one, which must answer alike.
 */
class XdpSteerTest {
    private static final List<String> PACKETS = List.of("ipv4_udp53_a", "arp_request", "ipv6_udp53");
    private static final int ETH_P_ARP = 0x0806;
    private static final int LO = 1;

    private final SimKernel kernel = new SimKernel().possibleCpus(2);
    private final SimProcess root = kernel.rootProcess();
    private final Ifindex eth0 = kernel.createDevice("eth0");
    private final Ifindex eth1 = kernel.createDevice("eth1");

    private LoadedObject load() throws Exception {
        return FixtureObjects.load(root, FixtureObjects.fixture("xdp_steer-el.o"), Optional.empty());
    }

    /** Queue 64 for CPU 1, and the ARP EtherType's frames to {@code port}. */
    private void populate(LoadedObject o, int port) {
        root.mapUpdate(o.map("steer_cpus").fd(), u32s(1), u32s(64, 0), UpdateMode.ANY);
        root.mapUpdate(o.map("steer_ports").fd(), u32s(ETH_P_ARP), u32s(port, 0), UpdateMode.ANY);
    }

    @Test
    void framesGoToCpuOneOrOutOfTheEtherTypesDevice() throws Exception {
        LoadedObject o = load();
        root.linkCreate(LinkCreateAttr.of(FixtureObjects.prog(o), new LinkTarget.Device(eth0,
                AttachType.XDP)));
        InjectResult missed = inject("ipv4_udp53_a");
        assertEquals(InjectResult.Verdict.PASS, missed.verdict(), "no queue for CPU 1: the fallback XDP_PASS");
        assertEquals(new Route.Fallback(new RedirectMiss(root.mapInfo(o.map("steer_cpus").fd()).id(),
                "steer_cpus", 1)), missed.route());
        missed = inject("arp_request");
        assertEquals(InjectResult.Verdict.XDP_DROP, missed.verdict(), "no port for ARP: the fallback XDP_DROP");
        assertEquals(new Route.Fallback(new RedirectMiss(root.mapInfo(o.map("steer_ports").fd()).id(),
                "steer_ports", ETH_P_ARP)), missed.route());
        populate(o, eth1.value());
        InjectResult ipv4 = inject("ipv4_udp53_a");
        assertEquals(InjectResult.Verdict.XDP_REDIRECT, ipv4.verdict());
        assertEquals(new Route.Cpu(1), ipv4.route(), "up the stack on CPU 1");
        InjectResult arp = inject("arp_request");
        assertEquals(InjectResult.Verdict.XDP_REDIRECT, arp.verdict());
        assertEquals(new Route.Device(eth1), arp.route());
        List<byte[]> sent = kernel.drainTransmitted(eth1);
        assertEquals(1, sent.size(), "only the ARP frame leaves, out of eth1");
        assertArrayEquals(FreplaceTest.packet("arp_request"), sent.get(0));
        assertEquals(InjectResult.Verdict.XDP_DROP, inject("ipv6_udp53").verdict());
        assertEquals(List.of(), kernel.drainTransmitted(eth0));
    }

    private InjectResult inject(String packet) throws Exception {
        return kernel.inject(eth0, FreplaceTest.packet(packet));
    }

    @Test
    @RequiresKernel
    @RequiresTool("bpftool")
    void testRunsAgreeWithTheRealKernel() throws Exception {
        assumeTrue(HostCpus.possible() >= 2, "CPU 1 must be possible");
        LoadedObject o = load();
        ProgFd prog = FixtureObjects.prog(o);
        Path obj = FixtureObjects.fixture("xdp_steer-el.o").toAbsolutePath();
        String pin = "/sys/fs/bpf/ebld_steer_" + ProcessHandle.current().pid();
        try {
            Files.createDirectory(Path.of(pin));
            ChildProcess.outputOf("bpftool", "prog", "load", obj.toString(), pin + "/p", "type", "xdp",
                    "pinmaps", pin + "/maps");
            List<Long> empty = kernelRuns(pin);
            assertEquals(List.of(2L, 1L, 1L), empty, "the kernel, maps empty");
            assertEquals(empty, simRuns(prog));
            ChildProcess.outputOf("bpftool", "map", "update", "pinned", pin + "/maps/steer_cpus", "key", "1",
                    "0", "0", "0", "value", "64", "0", "0", "0", "0", "0", "0", "0");
            ChildProcess.outputOf("bpftool", "map", "update", "pinned", pin + "/maps/steer_ports", "key", "6",
                    "8", "0", "0", "value", Integer.toString(LO), "0", "0", "0", "0", "0", "0", "0");
            populate(o, LO);
            List<Long> populated = kernelRuns(pin);
            assertEquals(List.of(4L, 4L, 1L), populated, "the kernel, maps populated");
            assertEquals(populated, simRuns(prog));
        } finally {
            ChildProcess.exec(List.of("rm", "-rf", pin));
        }
    }

    private List<Long> simRuns(ProgFd prog) throws Exception {
        List<Long> out = new ArrayList<>();
        for (String p : PACKETS) {
            out.add(root.progTestRun(prog, TestRunAttr.packet(FreplaceTest.packet(p))).retval());
        }
        return out;
    }

    private static List<Long> kernelRuns(String pin) throws Exception {
        List<Long> out = new ArrayList<>();
        for (String p : PACKETS) {
            Path pkt = Path.of("fixtures/pkt", p + ".bin");
            pkt = (pkt.toFile().exists() ? pkt : Path.of("..", "fixtures/pkt", p + ".bin")).toAbsolutePath();
            String text = ChildProcess.outputOf("bpftool", "prog", "run", "pinned", pin + "/p", "data_in",
                    pkt.toString());
            Matcher m = Pattern.compile("Return value: (\\d+)").matcher(text);
            assertTrue(m.find(), text);
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }
}
