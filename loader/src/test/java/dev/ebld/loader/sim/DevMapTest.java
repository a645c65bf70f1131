package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.MapSemanticsTest.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.UpdateMode;
import dev.ebld.loader.verifier.StructuralVerifier;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BPF_MAP_TYPE_DEVMAP's map commands (kernel/bpf/devmap.c) and bpf_redirect_map (filter.c). */
class DevMapTest {
    private static final int XDP_ABORTED = 0;
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;
    private static final int BPF_F_EXCLUDE_INGRESS = 1 << 4;

    private final SimKernel kernel = new SimKernel();
    private final SimProcess root = kernel.rootProcess();
    private final Ifindex eth0 = kernel.createDevice("eth0");
    private final Ifindex eth1 = kernel.createDevice("eth1");

    private MapFd devmap(int valueSize) {
        return root.mapCreate(MapCreateAttr.of(MapType.DEVMAP, "dm", 4, valueSize, 4, 0));
    }

    private static Errno errnoOf(Runnable r) {
        return assertThrows(KernelException.class, r::run).errno();
    }

    private static byte[] devVal(int ifindex, int progFd) {
        return RedirectSupport.u32s(ifindex, progFd);
    }

    @ParameterizedTest
    @CsvSource({"8, 4, 4, 0", "4, 0, 4, 0", "4, 6, 4, 0", "4, 12, 4, 0", "4, 4, 0, 0",
            "4, 4, 4, 1", "4, 4, 4, 1024", "4, 4, 4, 128"})
    void createRefusesWhatDevMapAllocCheckRefuses(int key, int value, int max, int flags) {
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapCreate(MapCreateAttr.of(MapType.DEVMAP,
                "dm", key, value, max, flags))));
    }

    /**
     * dev_map_ops.map_check_btf is map_check_no_btf: key and value BTF whose sizes fit is
     * ENOTSUPP (no key type too); a key type without a value type is refused first (EINVAL).
     */
    @Test
    void createRefusesKeyAndValueBtf() {
        Optional<BtfFd> btf = Optional.of(RedirectSupport.u32Btf(root));
        for (int[] ids : new int[][] {{1, 0}, {0, 1}, {1, 1}}) {
            MapCreateAttr a = new MapCreateAttr(MapType.DEVMAP, "dm", 4, 4, 4, 0, Optional.empty(),
                    btf, new BtfId(ids[0]), new BtfId(ids[1]), 0);
            assertEquals(ids[1] == 0 ? Errno.EINVAL : Errno.ENOTSUPP, errnoOf(() -> root.mapCreate(a)));
        }
        assertEquals(Errno.EBADF, errnoOf(() -> root.mapCreate(new MapCreateAttr(MapType.DEVMAP, "dm", 4, 4,
                4, 0, Optional.empty(), Optional.of(new BtfFd(999)), new BtfId(1), new BtfId(1), 0))),
                "btf_fd is looked at after the sizes passed");
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapCreate(new MapCreateAttr(MapType.DEVMAP, "dm", 8, 4,
                4, 0, Optional.empty(), Optional.empty(), new BtfId(1), new BtfId(1), 0))),
                "the size checks come first, as in the kernel");
    }

    @Test
    void createAddsReadOnlyForProgramsAndNeedsNetAdmin() {
        MapFd m = root.mapCreate(MapCreateAttr.of(MapType.DEVMAP, "dm", 4, 8, 4,
                MapRules.F_RDONLY));
        assertEquals(MapRules.F_RDONLY | MapCreateAttr.F_RDONLY_PROG, root.mapInfo(m).flags());
        SimProcess bpfOnly = kernel.process(EnumSet.of(Capability.CAP_BPF));
        KernelException e = assertThrows(KernelException.class, () -> bpfOnly.mapCreate(
                MapCreateAttr.of(MapType.DEVMAP, "dm", 4, 4, 4, 0)));
        assertEquals(Errno.EPERM, e.errno());
        assertEquals("map dm: type DEVMAP needs CAP_NET_ADMIN", e.reason());
        SimProcess netAdmin = kernel.process(Set.of(Capability.CAP_NET_ADMIN));
        netAdmin.mapCreate(MapCreateAttr.of(MapType.DEVMAP, "dm", 4, 4, 4, 0));
    }

    @Test
    void updateLookupDeleteAsDevMapOps() {
        MapFd m = devmap(4);
        assertEquals(Optional.empty(), root.mapLookup(m, u32(0)), "slots start empty");
        root.mapUpdate(m, u32(0), u32(eth1.value()), UpdateMode.ANY);
        assertArrayEquals(u32(eth1.value()), root.mapLookup(m, u32(0)).orElseThrow());
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapUpdate(m, u32(1), u32(99), UpdateMode.ANY)),
                "no device 99: dev_get_by_index fails");
        assertEquals(Errno.E2BIG, errnoOf(() -> root.mapUpdate(m, u32(4), u32(eth1.value()),
                UpdateMode.ANY)));
        assertEquals(Errno.EEXIST, errnoOf(() -> root.mapUpdate(m, u32(1), u32(eth1.value()),
                UpdateMode.NOEXIST)));
        root.mapUpdate(m, u32(1), u32(eth0.value()), UpdateMode.EXIST);
        root.mapUpdate(m, u32(1), u32(0), UpdateMode.ANY);
        assertEquals(Optional.empty(), root.mapLookup(m, u32(1)), "ifindex 0 empties the slot");
        root.mapDelete(m, u32(0));
        root.mapDelete(m, u32(0));
        assertEquals(Optional.empty(), root.mapLookup(m, u32(0)), "deleting an empty slot is fine");
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapDelete(m, u32(4))));
    }

    @Test
    void nextKeyWalksEveryIndex() {
        MapFd m = devmap(4);
        assertArrayEquals(u32(0), root.mapGetNextKey(m, Optional.empty()).orElseThrow());
        assertArrayEquals(u32(2), root.mapGetNextKey(m, Optional.of(u32(1))).orElseThrow());
        assertEquals(Optional.empty(), root.mapGetNextKey(m, Optional.of(u32(3))));
        assertArrayEquals(u32(0), root.mapGetNextKey(m, Optional.of(u32(9))).orElseThrow());
    }

    @Test
    void eightByteValuesCarryAProgramSlot() {
        MapFd m = devmap(8);
        root.mapUpdate(m, u32(2), devVal(eth1.value(), -1), UpdateMode.ANY);
        assertArrayEquals(devVal(eth1.value(), 0), root.mapLookup(m, u32(2)).orElseThrow(),
                "no program: id 0");
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapUpdate(m, u32(2), devVal(0, 3),
                UpdateMode.ANY)), "a program fd without an ifindex");
        ProgFd plain = LinkTestSupport.returning(root, ProgType.XDP, XDP_PASS);
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapUpdate(m, u32(2),
                devVal(eth1.value(), plain.value()), UpdateMode.ANY)), "not loaded for XDP_DEVMAP");
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapUpdate(m, u32(2),
                devVal(eth1.value(), 999), UpdateMode.ANY)), "no such fd");
        ProgFd forDevmap = RedirectSupport.xdpFor(root, AttachType.XDP_DEVMAP);
        assertEquals(Errno.EOPNOTSUPP, errnoOf(() -> root.mapUpdate(m, u32(2),
                devVal(eth1.value(), forDevmap.value()), UpdateMode.ANY)), "devmap programs not modelled");
        assertArrayEquals(devVal(eth1.value(), 0), root.mapLookup(m, u32(2)).orElseThrow());
    }

    private ProgFd redirecting(MapFd m, String key, long flags) {
        return RedirectSupport.redirecting(root, m, key, flags);
    }

    private long run(ProgFd p) {
        return RedirectSupport.run(root, p);
    }

    @ParameterizedTest
    @CsvSource({"b7 2 0 0 0, 0, 4", "b7 2 0 0 1, 0, 0", "b7 2 0 0 1, 1, 1", "b7 2 0 0 1, 2, 2",
            "b7 2 0 0 1, 3, 3", "b7 2 0 0 9, 2, 2", "b7 2 0 0 0, 4, 0", "b7 2 0 0 0, 32, 0",
            "b7 2 0 0 1, 8, 4", "b7 2 0 0 1, 24, 4", "b7 2 0 0 0, 18, 4",
            "18 2 0 0 0; 00 0 0 0 1, 0, 4"})
    void redirectMapAnswersAsTheKernel(String key, long flags, long expected) {
        MapFd m = devmap(4);
        root.mapUpdate(m, u32(0), u32(eth1.value()), UpdateMode.ANY);
        assertEquals(expected, run(redirecting(m, key, flags)), "key " + key + " flags " + flags);
    }

    @Test
    void injectedFrameGoesOutOfTheSlotsDevice() {
        MapFd m = devmap(4);
        root.mapUpdate(m, u32(0), u32(eth1.value()), UpdateMode.ANY);
        root.linkCreate(LinkCreateAttr.of(redirecting(m, "b7 2 0 0 0", 0),
                new LinkTarget.Device(eth0, AttachType.XDP)));
        InjectResult r = kernel.inject(eth0, LinkTestSupport.FRAME);
        assertEquals(InjectResult.Verdict.XDP_REDIRECT, r.verdict());
        assertEquals(new Route.Device(eth1), r.route());
        assertEquals(1, kernel.drainTransmitted(eth1).size());
        assertEquals(List.of(), kernel.drainTransmitted(eth0));
        root.mapDelete(m, u32(0));
        r = kernel.inject(eth0, LinkTestSupport.FRAME);
        assertEquals(InjectResult.Verdict.XDP_ABORTED, r.verdict(), "miss with fallback 0");
        assertEquals(Route.Kind.FALLBACK, r.route().kind());
        assertEquals(List.of(), kernel.drainTransmitted(eth1));
    }

    @Test
    void missFallsBackToTheFlagsAction() {
        MapFd m = devmap(4);
        root.linkCreate(LinkCreateAttr.of(redirecting(m, "b7 2 0 0 3", XDP_PASS),
                new LinkTarget.Device(eth0, AttachType.XDP)));
        assertEquals(InjectResult.Verdict.PASS, kernel.inject(eth0, LinkTestSupport.FRAME).verdict());
        assertEquals(XDP_DROP, run(redirecting(m, "b7 2 0 0 3", XDP_DROP)));
        assertEquals(XDP_ABORTED, run(redirecting(m, "b7 2 0 0 3", BPF_F_EXCLUDE_INGRESS << 1)));
    }

    @Test
    void programsLookUpTheIfindexButCannotWrite() {
        MapFd m = devmap(4);
        root.mapUpdate(m, u32(2), u32(eth1.value()), UpdateMode.ANY);
        String keyOnStack = "18 1 1 0 " + m.value() + "; 00 0 0 0 0; 62 10 0 -4 KEY; bf 2 10 0 0;"
                + " 07 2 0 0 -4; ";
        ProgFd lookup = root.progLoad(ProgLoadAttr.of(ProgType.XDP, "look", Asm.insns(
                keyOnStack.replace("KEY", "2") + "85 0 0 0 1; 15 0 0 1 0; 61 0 0 0 0; 95 0 0 0 0")))
                .fd();
        assertEquals(eth1.value(), run(lookup));
        ProgLoadAttr delete = ProgLoadAttr.of(ProgType.XDP, "del", Asm.insns(
                keyOnStack.replace("KEY", "2") + "85 0 0 0 3; 95 0 0 0 0"));
        assertThrows(ProgLoadException.class, () -> root.progLoad(delete),
                "the kernel's verifier refuses writes to a devmap");
        kernel.verifier(new StructuralVerifier());
        ProgFd unchecked = root.progLoad(delete).fd();
        assertEquals(-Errno.EPERM.number(), (int) run(unchecked), "BPF_F_RDONLY_PROG");
        assertArrayEquals(u32(eth1.value()), root.mapLookup(m, u32(2)).orElseThrow());
    }

    @Test
    void redirectMapNeedsADevMap() {
        MapFd array = root.mapCreate(MapCreateAttr.of(MapType.ARRAY, "a", 4, 4, 4, 0));
        assertThrows(ProgLoadException.class, () -> redirecting(array, "b7 2 0 0 0", 0),
                "the verifier's map/helper compatibility check");
        kernel.verifier(new StructuralVerifier());
        KernelException e = assertThrows(KernelException.class, () -> run(redirecting(array,
                "b7 2 0 0 0", 0)));
        assertEquals(Errno.EFAULT, e.errno());
        assertEquals(RunFault.Kind.BAD_HELPER, ((RunFault) e.getCause()).kind());
    }
}
