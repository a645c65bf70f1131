package dev.ebld.loader.sim;

import dev.ebld.loader.verifier.StructuralVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.ProgType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reference counts, pins, ids and capabilities. */
class ObjectLifetimeTest {
    /**
     * The structural verifier, named: these tests pin down run-time semantics, faults included,
     * with programs the safety verifier (the default) would refuse or does not model.
     */
    private final SimKernel kernel = new SimKernel().verifier(new StructuralVerifier());
    private final SimProcess root = kernel.rootProcess();

    private MapFd array(SimProcess p) {
        return p.mapCreate(MapCreateAttr.of(MapType.ARRAY, "a", 4, 8, 1, 0));
    }

    /** A program that loads the map's fd: it holds the map. */
    static ProgLoadAttr usingMap(ProgType type, MapFd map) {
        return ProgLoadAttr.of(type, "p", Asm.insns("18 1 1 0 " + map.value() + "; 00 0 0 0 0;"
                + " b7 0 0 0 0; 95 0 0 0 0"));
    }

    @Test
    void objectLivesWhileAnythingHoldsIt() {
        MapFd m = array(root);
        ProgFd p = root.progLoad(usingMap(ProgType.XDP, m)).fd();
        root.close(m);
        assertEquals(1, kernel.liveObjects(Fd.Kind.MAP), "the program holds the map");
        root.objPin(p, "/sys/fs/bpf/p");
        root.close(p);
        assertEquals(1, kernel.liveObjects(Fd.Kind.PROG), "the pin holds the program");
        ProgFd again = (ProgFd) root.objGet("/sys/fs/bpf/p");
        root.unpin("/sys/fs/bpf/p");
        assertEquals(1, kernel.liveObjects(Fd.Kind.PROG));
        root.close(again);
        assertEquals(0, kernel.liveObjects(Fd.Kind.PROG));
        assertEquals(0, kernel.liveObjects(Fd.Kind.MAP), "freeing the program released its map");
        assertEquals(Errno.EBADF, assertThrows(KernelException.class, () -> root.close(again)).errno());
    }

    @Test
    void progArrayCycleIsBrokenWhenUserSpaceLetsGo() {
        MapFd jt = root.mapCreate(MapCreateAttr.of(MapType.PROG_ARRAY, "jt", 4, 4, 1, 0));
        ProgFd self = root.progLoad(usingMap(ProgType.XDP, jt)).fd();
        root.mapUpdate(jt, MapSemanticsTest.u32(0), MapSemanticsTest.u32(self.value()),
                dev.ebld.loader.kernel.UpdateMode.ANY);
        root.close(self);
        assertEquals(1, kernel.liveObjects(Fd.Kind.PROG), "the slot holds the program");
        root.close(jt);
        assertEquals(0, kernel.liveObjects(Fd.Kind.PROG));
        assertEquals(0, kernel.liveObjects(Fd.Kind.MAP));
    }

    @Test
    void pinRules() {
        MapFd m = array(root);
        root.objPin(m, "/sys/fs/bpf/dir/m");
        assertEquals(Errno.EEXIST, assertThrows(KernelException.class,
                () -> root.objPin(m, "/sys/fs/bpf/dir/m")).errno());
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class,
                () -> root.objGet("/sys/fs/bpf/none")).errno());
        assertEquals(Errno.EPERM, assertThrows(KernelException.class,
                () -> root.objPin(m, "/tmp/m")).errno());
        SimProcess other = kernel.process(Set.of(Capability.CAP_BPF));
        Fd got = other.objGet("/sys/fs/bpf/dir/m");
        assertEquals(root.mapInfo(m).id(), other.mapInfo((MapFd) got).id());
    }

    @Test
    void idsNeedSysAdminAndAreNeverReused() {
        MapFd m = array(root);
        ObjectId id = root.mapInfo(m).id();
        SimProcess bpfOnly = kernel.process(Set.of(Capability.CAP_BPF));
        assertEquals(Errno.EPERM, assertThrows(KernelException.class,
                () -> bpfOnly.fdById(id)).errno());
        assertEquals(Errno.EPERM, assertThrows(KernelException.class,
                () -> bpfOnly.nextId(Fd.Kind.MAP, 0)).errno());
        assertEquals(Optional.of(id), root.nextId(Fd.Kind.MAP, 0));
        MapFd second = (MapFd) root.fdById(id);
        assertEquals(id, root.mapInfo(second).id());
        root.close(m);
        root.close(second);
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> root.fdById(id)).errno());
        MapFd next = array(root);
        assertTrue(root.mapInfo(next).id().value() > id.value());
    }

    @Test
    void fdsAreLowestFreeFromThree() {
        MapFd a = array(root);
        MapFd b = array(root);
        assertEquals(3, a.value());
        assertEquals(4, b.value());
        root.close(a);
        assertEquals(3, array(root).value());
    }

    @Test
    void unprivilegedLoadsOnlySocketFilters() {
        SimProcess nobody = kernel.process(EnumSet.noneOf(Capability.class));
        ProgLoadAttr ret0 = ProgLoadAttr.of(ProgType.SOCKET_FILTER, "sf",
                Asm.insns("b7 0 0 0 0; 95 0 0 0 0"));
        nobody.progLoad(ret0);
        ProgLoadAttr xdp = ProgLoadAttr.of(ProgType.XDP, "x", Asm.insns("b7 0 0 0 2; 95 0 0 0 0"));
        assertEquals(Errno.EPERM, assertThrows(ProgLoadException.class, () -> nobody.progLoad(xdp)).errno());
        SimProcess bpf = kernel.process(Set.of(Capability.CAP_BPF));
        assertEquals(Errno.EPERM, assertThrows(ProgLoadException.class, () -> bpf.progLoad(xdp)).errno(),
                "XDP also needs CAP_NET_ADMIN");
        kernel.process(Set.of(Capability.CAP_BPF, Capability.CAP_NET_ADMIN)).progLoad(xdp);
        ProgLoadAttr kprobe = ProgLoadAttr.of(ProgType.KPROBE, "k", Asm.insns("b7 0 0 0 0; 95 0 0 0 0"));
        assertEquals(Errno.EPERM, assertThrows(ProgLoadException.class, () -> bpf.progLoad(kprobe)).errno());
        assertEquals(Errno.EPERM, assertThrows(KernelException.class,
                () -> nobody.mapCreate(MapCreateAttr.of(MapType.LRU_HASH, "l", 4, 4, 1, 0))).errno());
        nobody.mapCreate(MapCreateAttr.of(MapType.ARRAY, "a", 4, 4, 1, 0));
    }

    @Test
    void loadErrorsNameTheProblem() {
        ProgLoadException unknown = assertThrows(ProgLoadException.class, () -> root.progLoad(
                ProgLoadAttr.of(ProgType.XDP, "x", Asm.insns("85 0 0 0 100000; 95 0 0 0 0"))));
        assertEquals(Errno.EINVAL, unknown.errno());
        assertTrue(unknown.getMessage().contains("unknown#100000"), unknown.getMessage());
        ProgLoadException unsupported = assertThrows(ProgLoadException.class, () -> root.progLoad(
                ProgLoadAttr.of(ProgType.XDP, "x", Asm.insns("85 0 0 0 43; 95 0 0 0 0"))));
        assertTrue(unsupported.getMessage().contains("bpf_skb_change_head (id 43)"),
                unsupported.getMessage());
        ProgLoadException badFd = assertThrows(ProgLoadException.class, () -> root.progLoad(
                ProgLoadAttr.of(ProgType.XDP, "x", Asm.insns("18 1 1 0 77; 00 0 0 0 0; 95 0 0 0 0"))));
        assertEquals(Errno.EBADF, badFd.errno());
        ProgLoadException jump = assertThrows(ProgLoadException.class, () -> root.progLoad(
                ProgLoadAttr.of(ProgType.XDP, "x", Asm.insns("05 0 0 5 0; 95 0 0 0 0"))));
        assertEquals(Errno.EINVAL, jump.errno());
        assertTrue(jump.log().contains("jump out of range"), jump.log());
    }
}
