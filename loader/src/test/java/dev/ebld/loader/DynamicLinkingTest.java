package dev.ebld.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.verifier.SafetyVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ebld's dynamic linking in the simulated kernel (docs/design.md "Dynamic calls"): libflow loaded
 * once as a library, its three users loaded against it, with the kernel's results of the
 * statically linked programs ({@link StaticLibflowKernelTest} measures those).
 */
class DynamicLinkingTest {
    /** Packet corpus order of the expected values. */
    static final List<String> PACKETS = List.of("arp_request", "eth_only_ipv4", "ipv4_fragment",
            "ipv4_tcp23", "ipv4_tcp80", "ipv4_udp123", "ipv4_udp53_a", "ipv4_udp53_b", "ipv6_udp53",
            "vlan_ipv4_tcp23", "zero64");
    /** The real kernel's return values of libflow_users statically linked with libflow. */
    static final Map<String, long[]> KERNEL = new LinkedHashMap<>();

    static {
        KERNEL.put("users_no_dns", new long[] {2, 2, 1, 2, 2, 2, 1, 1, 2, 2, 2});
        KERNEL.put("users_hash", new long[] {0, 0, 137, 200, 11, 74, 243, 71, 0, 0, 0});
        KERNEL.put("users_both", new long[] {2, 2, 3, 1, 2, 1, 3, 3, 2, 2, 2});
    }

    private final SimKernel kernel = new SimKernel().verifier(new SafetyVerifier());
    private final Kernel proc = kernel.rootProcess();

    static byte[] packet(String name) {
        try {
            return Files.readAllBytes(Fixtures.obj("x").getParent().getParent().resolve("pkt")
                    .resolve(name + ".bin"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertKernelResults(Kernel k, LoadedObject users) {
        KERNEL.forEach((prog, expected) -> {
            for (int i = 0; i < PACKETS.size(); i++) {
                long got = k.progTestRun(users.program(prog).fd(), TestRunAttr.packet(packet(PACKETS.get(i))))
                        .retval();
                assertEquals(expected[i], got, prog + " on " + PACKETS.get(i));
            }
        });
    }

    @Test
    void threeProgramsCallOneLibraryLoadedOnceWithTheKernelsResults() {
        try (LoadedLibrary lib = Fixtures.open("libflow-el.o").loadLibrary(proc, LoadOptions.defaults());
                LoadedObject users = Fixtures.open("libflow_users-el.o").load(proc,
                        LoadOptions.defaults().withLibraries(lib))) {
            assertEquals(List.of("flow_hash", "flow_is_dns"),
                    lib.functions().stream().map(LinkableFunction::name).toList());
            assertEquals(5, kernel.liveObjects(Fd.Kind.PROG), "two library functions, three users");
            assertKernelResults(proc, users);
            List<Insn> insns = users.program("users_both").attr().insns();
            long dynamic = insns.stream().filter(i -> i instanceof Jump.Call c
                    && c.target() == CallKind.DYNAMIC).count();
            assertEquals(2, dynamic, "both library calls are dynamic calls, not copies");
        }
    }

    @Test
    void loadAllResolvesAgainstTheOtherObjectsOfTheLoad() {
        try (LoadedGroup g = BpfObject.loadAll(proc, LoadOptions.defaults(),
                Fixtures.open("libflow_users-el.o"), Fixtures.open("libflow-el.o"))) {
            assertEquals("libflow-el", g.libraries().get(0).name());
            assertKernelResults(proc, g.objects().get(0));
        }
    }

    @Test
    void aLibraryStaysLoadedWhileACallerHoldsIt() {
        LoadedLibrary lib = Fixtures.open("libflow-el.o").loadLibrary(proc, LoadOptions.defaults());
        LoadedObject users = Fixtures.open("libflow_users-el.o").load(proc,
                LoadOptions.defaults().withLibraries(lib));
        lib.close();
        assertEquals(5, kernel.liveObjects(Fd.Kind.PROG), "callers hold the library functions");
        long v = proc.progTestRun(users.program("users_hash").fd(),
                TestRunAttr.packet(packet("ipv4_tcp80"))).retval();
        assertEquals(11, v);
        users.close();
        assertEquals(0, kernel.liveObjects(Fd.Kind.PROG), "the last caller gone, the library goes");
    }

    @Test
    void aLibraryFunctionTakingAProgramContextIsRefusedAtLibraryLoad() {
        LoaderException e = assertThrows(LoaderException.class,
                () -> Fixtures.open("libflow_ctx-el.o").loadLibrary(proc, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("library function frame_len() takes a program context in"
                + " arg#0 (struct xdp_md *)"), e.getMessage());
        assertEquals(0, kernel.liveObjects(Fd.Kind.PROG));
    }

    @Test
    void anUnresolvedExternListsEveryPlaceSearched() {
        try (LoadedLibrary strict = Fixtures.open("libflow_strict-el.o").loadLibrary(proc, LoadOptions.defaults())) {
            LoaderException e = assertThrows(LoaderException.class, () -> Fixtures.open("libflow_users-el.o")
                    .load(proc, LoadOptions.defaults().withLibraries(strict)));
            assertEquals(LoaderDiagnosticKind.UNRESOLVED_EXTERN, e.kind());
            String m = e.getMessage();
            assertTrue(m.contains("extern function 'flow_hash' not found; searched, in order:"
                    + " (1) objects of this load [none], (2) loaded libraries and objects [libflow_strict-el],"
                    + " (3) kernel symbols (kernel BTF): no FUNC 'flow_hash' with a compatible prototype,"
                    + " (4) loader-provided values (kconfig): they hold no functions"), m);
        }
    }

    @Test
    void theVerifierChecksDynamicCallArgumentsAgainstTheCalleesPrototype() {
        try (LoadedGroup libs = BpfObject.loadAll(proc, LoadOptions.defaults(),
                Fixtures.open("libflow-el.o"), Fixtures.open("libflow_strict-el.o"))) {
            BpfObject callers = Fixtures.open("libflow_bad_callers-el.o");
            LoadOptions only = LoadOptions.defaults().withLibraries(libs.libraries().toArray(LoadedLibrary[]::new))
                    .withAutoload("bad_small", false).withAutoload("bad_null", false);
            try (LoadedObject ok = callers.load(proc, only)) {
                assertEquals(1, ok.programs().size(), "a whole struct flow is a valid argument");
            }
            LoaderException small = assertThrows(LoaderException.class, () -> callers.load(proc,
                    only.withAutoload("bad_small", true)));
            assertTrue(small.getMessage().contains("Caller passes invalid args into func#"), small.getMessage());
            assertTrue(small.getMessage().contains("('flow_hash')"), small.getMessage());
            assertTrue(small.log().contains("invalid"), small.log());
            LoaderException nul = assertThrows(LoaderException.class, () -> callers.load(proc,
                    only.withAutoload("bad_null", true)));
            assertTrue(nul.getMessage().contains("('flow_port')"), nul.getMessage());
            assertTrue(nul.log().contains("arg#0 is expected to be non-NULL"), nul.log());
        }
    }

    /** The README's "Dynamic linking" example, with the fixtures' paths. */
    @Test
    void readmeExample() throws IOException {
        byte[] frame = packet("ipv4_udp53_a");
        Path libflowO = Fixtures.obj("libflow-el.o");
        Path usersO = Fixtures.obj("libflow_users-el.o");
        Kernel kernel = new SimKernel().verifier(new SafetyVerifier()).rootProcess();
        try (LoadedLibrary libflow = BpfObject.open(libflowO).loadLibrary(kernel, LoadOptions.defaults());
                LoadedObject users = BpfObject.open(usersO)
                        .load(kernel, LoadOptions.defaults().withLibraries(libflow))) {
            long verdict = kernel.progTestRun(users.program("users_both").fd(), TestRunAttr.packet(frame)).retval();
            assertEquals(3, verdict, "XDP_TX for DNS");
        }
        try (LoadedGroup both = BpfObject.loadAll(kernel, LoadOptions.defaults(),
                BpfObject.open(usersO), BpfObject.open(libflowO))) {
            LoadedObject users = both.objects().get(0);
            assertEquals(3, kernel.progTestRun(users.program("users_both").fd(), TestRunAttr.packet(frame)).retval());
        }
    }
}
