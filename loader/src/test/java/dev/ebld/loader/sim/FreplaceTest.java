package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.FixtureObjects.btf;
import static dev.ebld.loader.sim.FixtureObjects.prog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.AttachTarget;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LoaderException;
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
    private LoadedObject rootlet;
    private Ifindex eth0;

    @BeforeEach
    void loadRootlet() throws Exception {
        rootlet = FixtureObjects.load(root, FixtureObjects.fixture("rootlet-el.o"), Optional.empty());
        eth0 = kernel.createDevice("eth0");
        root.linkCreate(LinkCreateAttr.of(prog(rootlet), new LinkTarget.Device(eth0, AttachType.XDP)));
    }

    static byte[] packet(String name) throws Exception {
        Path p = Path.of("fixtures/pkt", name + ".bin");
        return Files.readAllBytes(p.toFile().exists() ? p : Path.of("..", "fixtures/pkt", name + ".bin"));
    }

    private LoadedObject extension(String object, String slot) throws Exception {
        return FixtureObjects.load(root, FixtureObjects.fixture(object),
                Optional.of(new AttachTarget(prog(rootlet), slot)));
    }

    private LinkFd attach(LoadedObject ext, String slot) {
        BtfId fn = ExtensionTargets.functionId(btf(rootlet), slot);
        return root.linkCreate(LinkCreateAttr.of(prog(ext), new LinkTarget.Extension(prog(rootlet), fn)));
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
        LoadedObject fw = extension("dispatch_fw_ext-el.o", "slot0");
        LoadedObject lb = extension("dispatch_lb_ext-el.o", "slot1");
        attach(fw, "slot0");
        attach(lb, "slot1");
        for (Map.Entry<String, Integer> e : LINKED.entrySet()) {
            assertEquals((long) e.getValue(), inject(e.getKey()), e.getKey());
            // The same through BPF_PROG_TEST_RUN of the rootlet.
            assertEquals((long) e.getValue(), root.progTestRun(prog(rootlet),
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
        LoadedObject linked = FixtureObjects.load(root, golden.toFile().exists() ? golden
                : Path.of("..").resolve(golden), Optional.empty());
        attach(extension("dispatch_fw_ext-el.o", "slot0"), "slot0");
        attach(extension("dispatch_lb_ext-el.o", "slot1"), "slot1");
        for (Map.Entry<String, Integer> e : LINKED.entrySet()) {
            assertEquals((long) e.getValue(), root.progTestRun(prog(linked),
                    TestRunAttr.packet(packet(e.getKey()))).retval(), e.getKey() + " (static)");
        }
    }

    @Test
    void closingTheLinkRestoresThePlaceholderAndTargetIsHeld() throws Exception {
        LoadedObject fw = extension("dispatch_fw_ext-el.o", "slot0");
        LinkFd link = attach(fw, "slot0");
        assertEquals(1, inject("ipv4_tcp23"));
        LinkInfo info = root.linkInfo(link);
        assertEquals(LinkType.TRACING, info.type());
        assertEquals(Optional.of(root.progInfo(prog(rootlet)).id()), info.targetProgId());
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
        LoadedObject r = FixtureObjects.load(p, FixtureObjects.fixture("rootlet-el.o"), Optional.empty());
        BtfId slot0 = ExtensionTargets.functionId(btf(r), "slot0");
        LoadedObject fw = FixtureObjects.load(p, FixtureObjects.fixture("dispatch_fw_ext-el.o"),
                Optional.of(new AttachTarget(prog(r), "slot0")));
        LinkFd link = p.linkCreate(LinkCreateAttr.of(prog(fw), new LinkTarget.Extension(prog(r), slot0)));
        p.close(prog(r));
        p.close(prog(fw));
        assertEquals(2, k.liveObjects(Fd.Kind.PROG), "the link holds the extension and its target");
        p.close(link);
        assertEquals(0, k.liveObjects(Fd.Kind.PROG), "nothing held the link; the target held nothing back");
    }

    @Test
    void oneExtensionPerFunctionAndOneExtensionOnSeveralTargets() throws Exception {
        LoadedObject fw = extension("dispatch_fw_ext-el.o", "slot0");
        LoadedObject fw2 = extension("dispatch_fw_ext-el.o", "slot0");
        attach(fw, "slot0");
        assertEquals(Errno.EBUSY, assertThrows(KernelException.class, () -> attach(fw2, "slot0")).errno());
        // A second rootlet on another device: the same extension, its own link, no re-verification.
        LoadedObject rootlet2 = FixtureObjects.load(root, FixtureObjects.fixture("rootlet-el.o"),
                Optional.empty());
        Ifindex eth1 = kernel.createDevice("eth1");
        root.linkCreate(LinkCreateAttr.of(prog(rootlet2), new LinkTarget.Device(eth1, AttachType.XDP)));
        int verified = root.progInfo(prog(fw)).verifiedInsns();
        root.linkCreate(LinkCreateAttr.of(prog(fw), new LinkTarget.Extension(prog(rootlet2),
                ExtensionTargets.functionId(btf(rootlet2), "slot0"))));
        assertEquals(1, kernel.inject(eth1, packet("ipv4_tcp23")).retval());
        assertEquals(verified, root.progInfo(prog(fw)).verifiedInsns());
    }

    @Test
    void replacingTheMainFunction() throws Exception {
        // fw_ext's prototype (int (struct xdp_md *)) matches rootlet's own: the main function
        // can be replaced too, and then a run of the rootlet runs the firewall alone.
        BtfId main = ExtensionTargets.functionId(btf(rootlet), "rootlet");
        LoadedObject fw = FixtureObjects.load(root, FixtureObjects.fixture("dispatch_fw_ext-el.o"),
                Optional.of(new AttachTarget(prog(rootlet), "rootlet")));
        root.linkCreate(LinkCreateAttr.of(prog(fw), new LinkTarget.Extension(prog(rootlet), main)));
        assertEquals(1, inject("ipv4_tcp23"));
        assertEquals(2, inject("ipv4_udp53_a"), "the load balancer no longer runs");
    }

    @Test
    void anExtensionCannotBeATarget() throws Exception {
        LoadedObject fw = extension("dispatch_fw_ext-el.o", "slot0");
        LoaderException e = assertThrows(LoaderException.class, () -> FixtureObjects.load(root,
                FixtureObjects.fixture("dispatch_lb_ext-el.o"), Optional.of(new AttachTarget(prog(fw), "fw_ext"))));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getCause() instanceof ProgLoadException, "the kernel refused it: " + e.getCause());
        assertTrue(e.getMessage().contains("Cannot recursively attach"), e.getMessage());
    }
}
