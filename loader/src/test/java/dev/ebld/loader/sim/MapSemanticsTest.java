package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Map commands and their errnos, as the kernel's map implementations answer them. */
class MapSemanticsTest {
    private final SimKernel kernel = new SimKernel().possibleCpus(2);
    private final SimProcess root = kernel.rootProcess();

    static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >> 8 * i);
        }
        return b;
    }

    private MapFd create(MapType t, int key, int value, int max, int flags) {
        return root.mapCreate(MapCreateAttr.of(t, "m", key, value, max, flags));
    }

    private Errno errnoOf(Runnable r) {
        return assertThrows(KernelException.class, r::run).errno();
    }

    static Stream<Arguments> badCreates() {
        return Stream.of(
                Arguments.of(MapType.ARRAY, 8, 8, 4, 0, Errno.EINVAL),
                Arguments.of(MapType.ARRAY, 4, 0, 4, 0, Errno.EINVAL),
                Arguments.of(MapType.ARRAY, 4, 8, 0, 0, Errno.EINVAL),
                Arguments.of(MapType.ARRAY, 4, 8, 4, MapCreateAttr.F_NO_PREALLOC, Errno.EINVAL),
                Arguments.of(MapType.PERCPU_ARRAY, 4, 40000, 1, 0, Errno.E2BIG),
                Arguments.of(MapType.HASH, 0, 8, 4, 0, Errno.EINVAL),
                Arguments.of(MapType.HASH, 600, 8, 4, 0, Errno.E2BIG),
                Arguments.of(MapType.HASH, 4, 8, 4, MapCreateAttr.F_MMAPABLE, Errno.EINVAL),
                Arguments.of(MapType.LRU_HASH, 4, 8, 4, MapCreateAttr.F_NO_PREALLOC, Errno.ENOTSUPP),
                Arguments.of(MapType.RINGBUF, 0, 0, 4096 * 3, 0, Errno.EINVAL),
                Arguments.of(MapType.RINGBUF, 0, 0, 2048, 0, Errno.EINVAL),
                Arguments.of(MapType.RINGBUF, 4, 0, 4096, 0, Errno.EINVAL),
                Arguments.of(MapType.PROG_ARRAY, 4, 8, 4, 0, Errno.EINVAL),
                Arguments.of(MapType.ARRAY_OF_MAPS, 4, 4, 4, 0, Errno.EBADF),
                Arguments.of(MapType.LPM_TRIE, 8, 8, 4, MapCreateAttr.F_NO_PREALLOC, Errno.EINVAL),
                Arguments.of(MapType.ARRAY, 4, 8, 4, MapCreateAttr.F_RDONLY_PROG
                        | MapCreateAttr.F_WRONLY_PROG, Errno.EINVAL));
    }

    @ParameterizedTest(name = "{0} key={1} value={2} max={3} flags={4} -> {5}")
    @MethodSource("badCreates")
    void createRules(MapType t, int key, int value, int max, int flags, Errno expected) {
        assertEquals(expected, errnoOf(() -> create(t, key, value, max, flags)));
    }

    @Test
    void unsupportedTypeIsNamed() {
        KernelException e = assertThrows(KernelException.class,
                () -> create(MapType.STACK_TRACE, 4, 8, 4, 0));
        assertTrue(e.getMessage().contains("STACK_TRACE"), e.getMessage());
    }

    @Test
    void arrayRules() {
        MapFd m = create(MapType.ARRAY, 4, 8, 4, 0);
        assertArrayEquals(new byte[8], root.mapLookup(m, u32(3)).orElseThrow());
        assertEquals(Optional.empty(), root.mapLookup(m, u32(4)));
        root.mapUpdate(m, u32(1), u64(7), UpdateMode.ANY);
        root.mapUpdate(m, u32(1), u64(8), UpdateMode.EXIST);
        assertArrayEquals(u64(8), root.mapLookup(m, u32(1)).orElseThrow());
        assertEquals(Errno.EEXIST, errnoOf(() -> root.mapUpdate(m, u32(1), u64(1), UpdateMode.NOEXIST)));
        assertEquals(Errno.E2BIG, errnoOf(() -> root.mapUpdate(m, u32(4), u64(1), UpdateMode.ANY)));
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapDelete(m, u32(1))));
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapUpdate(m, u32(1), u32(1), UpdateMode.ANY)));
        assertArrayEquals(u32(0), root.mapGetNextKey(m, Optional.empty()).orElseThrow());
        assertArrayEquals(u32(2), root.mapGetNextKey(m, Optional.of(u32(1))).orElseThrow());
        assertEquals(Optional.empty(), root.mapGetNextKey(m, Optional.of(u32(3))));
    }

    @Test
    void hashRules() {
        MapFd m = create(MapType.HASH, 4, 8, 2, 0);
        assertEquals(Optional.empty(), root.mapLookup(m, u32(1)));
        assertEquals(Errno.ENOENT, errnoOf(() -> root.mapUpdate(m, u32(1), u64(1), UpdateMode.EXIST)));
        root.mapUpdate(m, u32(1), u64(1), UpdateMode.NOEXIST);
        assertEquals(Errno.EEXIST, errnoOf(() -> root.mapUpdate(m, u32(1), u64(2), UpdateMode.NOEXIST)));
        root.mapUpdate(m, u32(2), u64(2), UpdateMode.ANY);
        assertEquals(Errno.E2BIG, errnoOf(() -> root.mapUpdate(m, u32(3), u64(3), UpdateMode.ANY)));
        root.mapUpdate(m, u32(2), u64(22), UpdateMode.ANY); // replacing in a full map is fine
        assertArrayEquals(u32(1), root.mapGetNextKey(m, Optional.empty()).orElseThrow());
        assertArrayEquals(u32(2), root.mapGetNextKey(m, Optional.of(u32(1))).orElseThrow());
        assertArrayEquals(u32(1), root.mapGetNextKey(m, Optional.of(u32(9))).orElseThrow());
        assertEquals(Optional.empty(), root.mapGetNextKey(m, Optional.of(u32(2))));
        root.mapDelete(m, u32(1));
        assertEquals(Errno.ENOENT, errnoOf(() -> root.mapDelete(m, u32(1))));
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapLookup(m, new byte[3])));
    }

    @Test
    void lruEvictsTheLeastRecentlyUsed() {
        MapFd m = create(MapType.LRU_HASH, 4, 8, 2, 0);
        root.mapUpdate(m, u32(1), u64(1), UpdateMode.ANY);
        root.mapUpdate(m, u32(2), u64(2), UpdateMode.ANY);
        root.mapLookup(m, u32(1));
        root.mapUpdate(m, u32(3), u64(3), UpdateMode.ANY);
        assertTrue(root.mapLookup(m, u32(1)).isPresent());
        assertFalse(root.mapLookup(m, u32(2)).isPresent());
    }

    @Test
    void perCpuValuesHoldASlotPerCpu() {
        MapFd m = create(MapType.PERCPU_ARRAY, 4, 4, 1, 0);
        byte[] v = root.mapLookup(m, u32(0)).orElseThrow();
        assertEquals(2 * 8, v.length);
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapUpdate(m, u32(0), u32(1), UpdateMode.ANY)));
        byte[] both = new byte[16];
        both[0] = 1;
        both[8] = 2;
        root.mapUpdate(m, u32(0), both, UpdateMode.ANY);
        assertArrayEquals(both, root.mapLookup(m, u32(0)).orElseThrow());
        MapFd h = create(MapType.PERCPU_HASH, 4, 4, 1, 0);
        root.mapUpdate(h, u32(0), both, UpdateMode.ANY);
        assertArrayEquals(both, root.mapLookup(h, u32(0)).orElseThrow());
    }

    @Test
    void freezeStopsUserWrites() {
        MapFd m = create(MapType.ARRAY, 4, 8, 1, 0);
        root.mapFreeze(m);
        assertEquals(Errno.EPERM, errnoOf(() -> root.mapUpdate(m, u32(0), u64(1), UpdateMode.ANY)));
        assertEquals(Errno.EPERM, errnoOf(() -> root.mapFreeze(m)));
        assertTrue(root.mapInfo(m).frozen());
        assertTrue(root.mapLookup(m, u32(0)).isPresent());
    }

    @Test
    void ringbufHasNoElements() {
        MapFd m = create(MapType.RINGBUF, 0, 0, 4096, 0);
        assertEquals(Errno.ENOTSUPP, errnoOf(() -> root.mapLookup(m, new byte[0])));
        assertEquals(Errno.ENOTSUPP, errnoOf(() -> root.mapUpdate(m, new byte[0], new byte[0],
                UpdateMode.ANY)));
    }

    @Test
    void mapInMapAndProgArrayHoldObjects() {
        MapFd inner = create(MapType.ARRAY, 4, 8, 1, 0);
        MapFd outer = root.mapCreate(new MapCreateAttr(MapType.ARRAY_OF_MAPS, "outer", 4, 4, 2, 0,
                Optional.of(inner), Optional.empty(), new dev.ebld.loader.kernel.BtfId(0),
                new dev.ebld.loader.kernel.BtfId(0), 0));
        MapFd other = create(MapType.ARRAY, 4, 8, 1, 0);
        root.mapUpdate(outer, u32(0), u32(other.value()), UpdateMode.ANY);
        int otherId = root.mapInfo(other).id().value();
        assertArrayEquals(u32(otherId), root.mapLookup(outer, u32(0)).orElseThrow());
        MapFd wrongShape = create(MapType.ARRAY, 4, 16, 1, 0);
        assertEquals(Errno.EINVAL, errnoOf(() -> root.mapUpdate(outer, u32(1),
                u32(wrongShape.value()), UpdateMode.ANY)));
        assertEquals(Errno.EBADF, errnoOf(() -> root.mapUpdate(outer, u32(1), u32(99),
                UpdateMode.ANY)));
        root.close(other);
        int maps = kernel.liveObjects(dev.ebld.loader.kernel.Fd.Kind.MAP);
        root.mapDelete(outer, u32(0));
        assertEquals(maps - 1, kernel.liveObjects(dev.ebld.loader.kernel.Fd.Kind.MAP));
    }
}
