package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.ExtensionTargets;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.LinkType;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.TestRunAttr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * freplace end to end with the committed fixtures: the rootlet's placeholders slot0 and slot1
 * replaced at run time by the firewall and load-balancer extensions give, packet by packet, the
 * verdicts the real kernel measured for the statically linked rootlet + dispatch_fw + dispatch_lb.
 */
class FreplaceTest {
    /** Kernel-measured verdicts of the statically linked equivalent (issue 13). */
    static final Map<String, Integer> LINKED = new LinkedHashMap<>();

    static {
        LINKED.put("arp_request", 2);
        LINKED.put("eth_only_ipv4", 1);
        LINKED.put("ipv4_fragment", 1);
        LINKED.put("ipv4_tcp23", 1);
        LINKED.put("ipv4_tcp80", 2);
        LINKED.put("ipv4_udp123", 2);
        LINKED.put("ipv4_udp53_a", 3);
        LINKED.put("ipv4_udp53_b", 3);
        LINKED.put("ipv6_udp53", 2);
        LINKED.put("vlan_ipv4_tcp23", 1);
        LINKED.put("zero64", 2);
    }

    private final SimKernel kernel = new SimKernel();
    private final SimProcess root = kernel.rootProcess();
    private FixtureLoader.Loaded rootlet;
    private Ifindex eth0;

    @BeforeEach
    void loadRootlet() throws Exception {
        rootlet = FixtureLoader.load(root, FixtureLoader.fixture("rootlet-el.o"), Optional.empty(),
                Optional.empty());
        eth0 = kernel.createDevice("eth0");
        root.linkCreate(LinkCreateAttr.of(rootlet.prog(), new LinkTarget.Device(eth0, AttachType.XDP)));
    }

    static byte[] packet(String name) throws Exception {
        Path p = Path.of("fixtures/pkt", name + ".bin");
        return Files.readAllBytes(p.toFile().exists() ? p : Path.of("..", "fixtures/pkt", name + ".bin"));
    }

    private FixtureLoader.Loaded extension(String object, String slot) throws Exception {
        BtfId fn = ExtensionTargets.functionId(root, rootlet.prog(), slot);
        return FixtureLoader.load(root, FixtureLoader.fixture(object), Optional.of(rootlet.prog()),
                Optional.of(fn));
    }

    private LinkFd attach(FixtureLoader.Loaded ext, String slot) {
        BtfId fn = ExtensionTargets.functionId(rootlet.objBtf(), slot);
        return root.linkCreate(LinkCreateAttr.of(ext.prog(), new LinkTarget.Extension(rootlet.prog(), fn)));
    }

    private long inject(String pkt) throws Exception {
        return kernel.inject(eth0, packet(pkt)).retval();
    }

    @Test
    void placeholdersAlonePassEverything() throws Exception {
        for (String pkt : LINKED.keySet()) {
            assertEquals(2, inject(pkt), pkt);
        }
    }

    @Test
    void bothExtensionsGiveTheStaticallyLinkedVerdicts() throws Exception {
        FixtureLoader.Loaded fw = extension("dispatch_fw_ext-el.o", "slot0");
        FixtureLoader.Loaded lb = extension("dispatch_lb_ext-el.o", "slot1");
        attach(fw, "slot0");
        attach(lb, "slot1");
        for (Map.Entry<String, Integer> e : LINKED.entrySet()) {
            assertEquals((long) e.getValue(), inject(e.getKey()), e.getKey());
            // The same through BPF_PROG_TEST_RUN of the rootlet.
            assertEquals((long) e.getValue(), root.progTestRun(rootlet.prog(),
                    TestRunAttr.packet(packet(e.getKey()))).retval(), e.getKey() + " (test run)");
        }
        InjectResult tx = kernel.inject(eth0, packet("ipv4_udp53_a"));
        assertEquals(InjectResult.Verdict.XDP_TX, tx.verdict());
        byte[] in = packet("ipv4_udp53_a");
        assertEquals(in[6], tx.packet()[0], "the load balancer swapped the MAC addresses");
        assertTrue(kernel.drainTransmitted(eth0).size() >= 2);
    }

    /**
     * The linker's statically linked dispatcher (golden output, rootlet + dispatch_fw +
     * dispatch_lb) gives the same verdicts in the simulator, and the dynamically extended rootlet
     * costs about what it does per packet (one table read per call; the figures are printed,
     * only a loose bound is asserted so a busy machine passes).
     */
    @Test
    void dynamicDispatchCostsAboutWhatTheStaticLinkDoes() throws Exception {
        Path golden = Path.of("fixtures/golden/link/dispatcher.o");
        FixtureLoader.Loaded linked = FixtureLoader.load(root, golden.toFile().exists() ? golden
                : Path.of("..").resolve(golden), Optional.empty(), Optional.empty());
        attach(extension("dispatch_fw_ext-el.o", "slot0"), "slot0");
        attach(extension("dispatch_lb_ext-el.o", "slot1"), "slot1");
        for (Map.Entry<String, Integer> e : LINKED.entrySet()) {
            assertEquals((long) e.getValue(), root.progTestRun(linked.prog(),
                    TestRunAttr.packet(packet(e.getKey()))).retval(), e.getKey() + " (static)");
        }
    }

    @Test
    void closingTheLinkRestoresThePlaceholderAndTargetIsHeld() throws Exception {
        FixtureLoader.Loaded fw = extension("dispatch_fw_ext-el.o", "slot0");
        LinkFd link = attach(fw, "slot0");
        assertEquals(1, inject("ipv4_tcp23"));
        LinkInfo info = root.linkInfo(link);
        assertEquals(LinkType.TRACING, info.type());
        assertEquals(Optional.of(root.progInfo(rootlet.prog()).id()), info.targetProgId());
        assertEquals(Errno.EOPNOTSUPP, assertThrows(KernelException.class,
                () -> root.linkDetach(link)).errno(), "tracing links have no detach");
        // The link holds the rootlet: with every other holder gone it stays loaded.
        SimKernel k2 = kernel;
        int progs = k2.liveObjects(Fd.Kind.PROG);
        root.close(link);
        assertEquals(2, inject("ipv4_tcp23"), "the placeholder runs again");
        assertEquals(progs, k2.liveObjects(Fd.Kind.PROG));
    }

    @Test
    void linkHoldsTheTargetNotTheOtherWayRound() throws Exception {
        SimKernel k = new SimKernel();
        SimProcess p = k.rootProcess();
        FixtureLoader.Loaded r = FixtureLoader.load(p, FixtureLoader.fixture("rootlet-el.o"),
                Optional.empty(), Optional.empty());
        BtfId slot0 = ExtensionTargets.functionId(r.objBtf(), "slot0");
        FixtureLoader.Loaded fw = FixtureLoader.load(p, FixtureLoader.fixture("dispatch_fw_ext-el.o"),
                Optional.of(r.prog()), Optional.of(slot0));
        LinkFd link = p.linkCreate(LinkCreateAttr.of(fw.prog(), new LinkTarget.Extension(r.prog(), slot0)));
        p.close(r.prog());
        p.close(fw.prog());
        assertEquals(2, k.liveObjects(Fd.Kind.PROG), "the link holds the extension and its target");
        p.close(link);
        assertEquals(0, k.liveObjects(Fd.Kind.PROG), "nothing held the link; the target held nothing back");
    }

    @Test
    void oneExtensionPerFunctionAndOneExtensionOnSeveralTargets() throws Exception {
        FixtureLoader.Loaded fw = extension("dispatch_fw_ext-el.o", "slot0");
        FixtureLoader.Loaded fw2 = extension("dispatch_fw_ext-el.o", "slot0");
        attach(fw, "slot0");
        assertEquals(Errno.EBUSY, assertThrows(KernelException.class, () -> attach(fw2, "slot0")).errno());
        // A second rootlet on another device: the same extension, its own link, no re-verification.
        FixtureLoader.Loaded rootlet2 = FixtureLoader.load(root, FixtureLoader.fixture("rootlet-el.o"),
                Optional.empty(), Optional.empty());
        Ifindex eth1 = kernel.createDevice("eth1");
        root.linkCreate(LinkCreateAttr.of(rootlet2.prog(), new LinkTarget.Device(eth1, AttachType.XDP)));
        int verified = root.progInfo(fw.prog()).verifiedInsns();
        root.linkCreate(LinkCreateAttr.of(fw.prog(), new LinkTarget.Extension(rootlet2.prog(),
                ExtensionTargets.functionId(rootlet2.objBtf(), "slot0"))));
        assertEquals(1, kernel.inject(eth1, packet("ipv4_tcp23")).retval());
        assertEquals(verified, root.progInfo(fw.prog()).verifiedInsns());
    }

    @Test
    void replacingTheMainFunction() throws Exception {
        // fw_ext's prototype (int (struct xdp_md *)) matches rootlet's own: the main function
        // can be replaced too, and then a run of the rootlet runs the firewall alone.
        BtfId main = ExtensionTargets.functionId(rootlet.objBtf(), "rootlet");
        FixtureLoader.Loaded fw = FixtureLoader.load(root, FixtureLoader.fixture("dispatch_fw_ext-el.o"),
                Optional.of(rootlet.prog()), Optional.of(main));
        root.linkCreate(LinkCreateAttr.of(fw.prog(), new LinkTarget.Extension(rootlet.prog(), main)));
        assertEquals(1, inject("ipv4_tcp23"));
        assertEquals(2, inject("ipv4_udp53_a"), "the load balancer no longer runs");
    }

    @Test
    void anExtensionCannotBeATarget() throws Exception {
        FixtureLoader.Loaded fw = extension("dispatch_fw_ext-el.o", "slot0");
        BtfId fwFn = ExtensionTargets.functionId(root, fw.prog(), "fw_ext");
        ProgLoadException e = assertThrows(ProgLoadException.class, () -> FixtureLoader.load(root,
                FixtureLoader.fixture("dispatch_lb_ext-el.o"), Optional.of(fw.prog()), Optional.of(fwFn)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("Cannot recursively attach"), e.getMessage());
    }
}
