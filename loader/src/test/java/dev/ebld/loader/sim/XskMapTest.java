package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.LinkTestSupport.errno;
import static dev.ebld.loader.sim.RedirectSupport.u32s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BPF_MAP_TYPE_XSKMAP (net/xdp/xskmap.c) in a kernel without sockets: every slot stays empty,
 * and each command fails or succeeds as Linux 6.18 does for an xskmap no socket was put in.
 */
class XskMapTest {
    private final SimKernel kernel = new SimKernel();
    private final SimProcess root = kernel.rootProcess();

    private MapFd xskmap(int flags) {
        return root.mapCreate(MapCreateAttr.of(MapType.XSKMAP, "xsks", 4, 4, 4, flags));
    }

    @ParameterizedTest
    @CsvSource({"8, 4, 4, 0", "4, 8, 4, 0", "4, 4, 0, 0", "4, 4, 4, 128", "4, 4, 4, 1024"})
    void createRefusesWhatXskMapAllocRefuses(int key, int value, int max, int flags) {
        assertEquals(Errno.EINVAL, errno(() -> root.mapCreate(MapCreateAttr.of(MapType.XSKMAP,
                "xsks", key, value, max, flags))));
    }

    @Test
    void createTakesAccessFlagsRefusesBtfAndNeedsNetAdmin() {
        xskmap(MapRules.F_RDONLY);
        xskmap(MapRules.F_WRONLY | MapRules.F_NUMA_NODE);
        assertEquals(Errno.ENOTSUPP, errno(() -> root.mapCreate(new MapCreateAttr(MapType.XSKMAP,
                "xsks", 4, 4, 4, 0, Optional.empty(), Optional.of(RedirectSupport.u32Btf(root)), new BtfId(0),
                new BtfId(1), 0))));
        SimProcess bpfOnly = kernel.process(EnumSet.of(Capability.CAP_BPF));
        assertEquals(Errno.EPERM, errno(() -> bpfOnly.mapCreate(MapCreateAttr.of(MapType.XSKMAP,
                "xsks", 4, 4, 4, 0))));
    }

    @Test
    void anUpdateNeedsAnAfXdpSocket() {
        MapFd m = xskmap(0);
        assertEquals(Errno.E2BIG, errno(() -> root.mapUpdate(m, u32s(4), u32s(999), UpdateMode.ANY)),
                "the index before the fd");
        assertEquals(Errno.EBADF, errno(() -> root.mapUpdate(m, u32s(0), u32s(999), UpdateMode.ANY)));
        assertEquals(Errno.ENOTSOCK, errno(() -> root.mapUpdate(m, u32s(0), u32s(m.value()),
                UpdateMode.ANY)), "a map fd is no socket");
        assertEquals(Errno.ENOTSOCK, errno(() -> root.mapUpdate(m, u32s(0), u32s(m.value()),
                UpdateMode.NOEXIST)), "the socket before the flags");
        assertEquals(Errno.EPERM, errno(() -> root.mapUpdate(xskmap(MapRules.F_RDONLY), u32s(0),
                u32s(m.value()), UpdateMode.ANY)), "BPF_F_RDONLY first");
    }

    @Test
    void lookupIsNotSupportedDeleteAndNextKeyWalkIndices() {
        MapFd m = xskmap(0);
        assertEquals(Errno.EOPNOTSUPP, errno(() -> root.mapLookup(m, u32s(0))));
        assertEquals(Errno.EOPNOTSUPP, errno(() -> root.mapLookup(m, u32s(9))));
        root.mapDelete(m, u32s(0));
        assertEquals(Errno.EINVAL, errno(() -> root.mapDelete(m, u32s(4))));
        assertArrayEquals(u32s(0), root.mapGetNextKey(m, Optional.empty()).orElseThrow());
        assertArrayEquals(u32s(1), root.mapGetNextKey(m, Optional.of(u32s(0))).orElseThrow());
        assertEquals(Optional.empty(), root.mapGetNextKey(m, Optional.of(u32s(3))));
        assertArrayEquals(u32s(0), root.mapGetNextKey(m, Optional.of(u32s(9))).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"0, 2, 2", "0, 1, 1", "9, 3, 3", "0, 8, 0", "0, 16, 0"})
    void redirectTakesTheFallbackAction(int key, long flags, long expected) {
        MapFd m = xskmap(0);
        assertEquals(expected, RedirectSupport.run(root, RedirectSupport.redirecting(root, m,
                "b7 2 0 0 " + key, flags)), "key " + key + " flags " + flags);
    }

    @Test
    void programLookupsFindNoSocket() {
        MapFd m = xskmap(0);
        ProgFd p = root.progLoad(ProgLoadAttr.of(ProgType.XDP, "look", Asm.insns("18 1 1 0 "
                + m.value() + "; 00 0 0 0 0; 62 10 0 -4 0; bf 2 10 0 0; 07 2 0 0 -4; 85 0 0 0 1;"
                + " bf 1 0 0 0; b7 0 0 0 2; 15 1 0 1 0; b7 0 0 0 4; 95 0 0 0 0"))).fd();
        assertEquals(RedirectSupport.XDP_PASS, RedirectSupport.run(root, p));
    }
}
