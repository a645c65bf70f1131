package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.LinkTestSupport.errno;
import static dev.ebld.loader.sim.RedirectSupport.u32s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BPF_MAP_TYPE_CPUMAP's map commands (kernel/bpf/cpumap.c, errnos as Linux 6.18 answers them)
 * and XDP redirects to a CPU's network stack.
 */
class CpuMapTest {
    private final SimKernel kernel = new SimKernel().possibleCpus(2);
    private final SimProcess root = kernel.rootProcess();
    private final Ifindex eth0 = kernel.createDevice("eth0");

    private MapFd cpumap(int valueSize, int max) {
        return root.mapCreate(MapCreateAttr.of(MapType.CPUMAP, "cm", 4, valueSize, max, 0));
    }

    private void put(MapFd m, int cpu, byte[] value, UpdateMode mode) {
        root.mapUpdate(m, u32s(cpu), value, mode);
    }

    @ParameterizedTest
    @CsvSource({"8, 4, 4, 0, EINVAL", "4, 12, 4, 0, EINVAL", "4, 0, 4, 0, EINVAL",
            "4, 4, 0, 0, EINVAL", "4, 4, 4, 8, EINVAL", "4, 4, 4, 128, EINVAL", "4, 4, 257, 0, E2BIG",
            "4, 4, 100000, 0, E2BIG"})
    void createRefusesWhatCpuMapAllocRefuses(int key, int value, int max, int flags, Errno expected) {
        assertEquals(expected, errno(() -> root.mapCreate(MapCreateAttr.of(MapType.CPUMAP, "cm",
                key, value, max, flags))));
    }

    @Test
    void createTakesNrCpusEntriesRefusesBtfAndNeedsCapBpf() {
        cpumap(4, MapRules.NR_CPUS);
        root.mapCreate(MapCreateAttr.of(MapType.CPUMAP, "cm", 4, 4, 2, MapRules.F_NUMA_NODE));
        assertEquals(Errno.ENOTSUPP, errno(() -> root.mapCreate(new MapCreateAttr(MapType.CPUMAP,
                "cm", 4, 4, 2, 0, Optional.empty(), Optional.of(RedirectSupport.u32Btf(root)), new BtfId(1),
                new BtfId(1), 0))));
        SimProcess netAdmin = kernel.process(EnumSet.of(Capability.CAP_NET_ADMIN));
        assertEquals(Errno.EPERM, errno(() -> netAdmin.mapCreate(MapCreateAttr.of(MapType.CPUMAP,
                "cm", 4, 4, 2, 0))));
    }

    @Test
    void updatesInCpuMapUpdateElemsOrder() {
        MapFd m = cpumap(8, 8);
        put(m, 0, u32s(192, 0), UpdateMode.ANY);
        assertArrayEquals(u32s(192, 0), root.mapLookup(m, u32s(0)).orElseThrow());
        assertEquals(Optional.empty(), root.mapLookup(m, u32s(1)), "empty slot: ENOENT");
        assertEquals(Optional.empty(), root.mapLookup(m, u32s(9)), "past the end: ENOENT");
        assertEquals(Errno.EEXIST, errno(() -> put(m, 1, u32s(64, 0), UpdateMode.NOEXIST)));
        put(m, 1, u32s(64, 0), UpdateMode.EXIST);
        assertEquals(Errno.E2BIG, errno(() -> put(m, 8, u32s(64, 0), UpdateMode.ANY)));
        assertEquals(Errno.ENODEV, errno(() -> put(m, 5, u32s(64, 0), UpdateMode.ANY)),
                "CPU 5 is not possible");
        assertEquals(Errno.EOVERFLOW, errno(() -> put(m, 1, u32s(CpuMap.MAX_QSIZE + 1, 0),
                UpdateMode.ANY)));
        assertEquals(Errno.EOVERFLOW, errno(() -> put(m, 5, u32s(CpuMap.MAX_QSIZE + 1, 0),
                UpdateMode.ANY)), "the queue size before the CPU");
        assertEquals(Errno.E2BIG, errno(() -> put(m, 9, u32s(CpuMap.MAX_QSIZE + 1, 0),
                UpdateMode.ANY)), "the index before the queue size");
        put(m, 1, u32s(CpuMap.MAX_QSIZE, -1), UpdateMode.ANY);
        assertArrayEquals(u32s(CpuMap.MAX_QSIZE, 0), root.mapLookup(m, u32s(1)).orElseThrow());
        put(m, 1, u32s(0, 999), UpdateMode.ANY);
        assertEquals(Optional.empty(), root.mapLookup(m, u32s(1)), "qsize 0 empties the slot");
    }

    @Test
    void programFdsInValuesAreRefused() {
        MapFd m = cpumap(8, 2);
        assertEquals(Errno.ENOMEM, errno(() -> put(m, 1, u32s(64, 999), UpdateMode.ANY)),
                "a bad fd fails __cpu_map_entry_alloc");
        assertEquals(Errno.ENOMEM, errno(() -> put(m, 1, u32s(64, m.value()), UpdateMode.ANY)));
        ProgFd plain = LinkTestSupport.returning(root, ProgType.XDP, RedirectSupport.XDP_PASS);
        assertEquals(Errno.ENOMEM, errno(() -> put(m, 1, u32s(64, plain.value()), UpdateMode.ANY)),
                "not loaded for BPF_XDP_CPUMAP");
        ProgFd forCpumap = RedirectSupport.xdpFor(root, AttachType.XDP_CPUMAP);
        assertEquals(Errno.EOPNOTSUPP, errno(() -> put(m, 1, u32s(64, forCpumap.value()),
                UpdateMode.ANY)), "cpumap programs are not modelled");
        assertEquals(Optional.empty(), root.mapLookup(m, u32s(1)));
    }

    @Test
    void deleteEmptiesAndNextKeyWalksIndices() {
        MapFd m = cpumap(4, 2);
        put(m, 0, u32s(10), UpdateMode.ANY);
        root.mapDelete(m, u32s(0));
        root.mapDelete(m, u32s(1));
        assertEquals(Optional.empty(), root.mapLookup(m, u32s(0)));
        assertEquals(Errno.EINVAL, errno(() -> root.mapDelete(m, u32s(2))));
        assertArrayEquals(u32s(0), root.mapGetNextKey(m, Optional.empty()).orElseThrow());
        assertArrayEquals(u32s(1), root.mapGetNextKey(m, Optional.of(u32s(0))).orElseThrow());
        assertEquals(Optional.empty(), root.mapGetNextKey(m, Optional.of(u32s(1))));
        assertArrayEquals(u32s(0), root.mapGetNextKey(m, Optional.of(u32s(7))).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"1, 0, 4", "0, 2, 2", "1, 8, 0", "7, 1, 1", "1, 16, 0"})
    void redirectAnswersAsCpuMapRedirect(int key, long flags, long expected) {
        MapFd m = cpumap(4, 2);
        put(m, 1, u32s(64), UpdateMode.ANY);
        assertEquals(expected, RedirectSupport.run(root, RedirectSupport.redirecting(root, m,
                "b7 2 0 0 " + key, flags)), "key " + key + " flags " + flags);
    }

    /**
     * The frame enters the stack on CPU 1: the device's tcx ingress chain runs there (its
     * program returns 2 * smp_processor_id: TCX_DROP on CPU 1, TCX_PASS on CPU 0).
     */
    @Test
    void injectedFrameReachesTheStackOnTheSlotsCpu() {
        MapFd m = cpumap(4, 2);
        put(m, 1, u32s(64), UpdateMode.ANY);
        root.linkCreate(LinkCreateAttr.of(RedirectSupport.redirecting(root, m, "b7 2 0 0 1",
                RedirectSupport.XDP_PASS), new LinkTarget.Device(eth0, AttachType.XDP)));
        InjectResult r = kernel.inject(eth0, LinkTestSupport.FRAME);
        assertEquals(InjectResult.Verdict.XDP_REDIRECT, r.verdict());
        assertEquals(new Route.Cpu(1), r.route());
        assertEquals(List.of(), kernel.drainTransmitted(eth0));
        ProgFd byCpu = root.progLoad(ProgLoadAttr.of(ProgType.SCHED_CLS, "bycpu",
                Asm.insns("85 0 0 0 8; 67 0 0 0 1; 95 0 0 0 0"))).fd();
        root.linkCreate(LinkCreateAttr.of(byCpu, new LinkTarget.Device(eth0,
                AttachType.TCX_INGRESS)));
        r = kernel.inject(eth0, LinkTestSupport.FRAME);
        assertEquals(InjectResult.Verdict.TCX_DROP, r.verdict());
        assertEquals(new Route.Cpu(1), r.route());
        root.mapDelete(m, u32s(1));
        r = kernel.inject(eth0, LinkTestSupport.FRAME);
        assertEquals(InjectResult.Verdict.PASS, r.verdict(), "miss: XDP_PASS, then tcx on CPU 0");
        assertEquals(Optional.of(root.progInfo(byCpu).id()), r.decidedBy(), "the tcx program decided");
        assertEquals(Route.none(), r.route(), "not on a cpumap CPU, and not the XDP fallback");
    }

    @Test
    void programsMayOnlyRedirectThroughACpuMap() {
        MapFd m = cpumap(4, 2);
        ProgLoadException e = assertThrows(ProgLoadException.class, () -> root.progLoad(
                ProgLoadAttr.of(ProgType.XDP, "look", Asm.insns("18 1 1 0 " + m.value()
                + "; 00 0 0 0 0; 62 10 0 -4 0; bf 2 10 0 0; 07 2 0 0 -4; 85 0 0 0 1;"
                + " b7 0 0 0 2; 95 0 0 0 0"))));
        assertTrue(e.getMessage().contains("cannot pass map_type 16 into func bpf_map_lookup_elem#1"),
                e.getMessage());
    }
}
