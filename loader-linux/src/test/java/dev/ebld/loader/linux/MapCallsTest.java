package dev.ebld.loader.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapInfo;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.testkit.RequiresKernel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The map commands against the real kernel, and the same call sequences against the simulated
 * kernel: each step's outcome (a value, "ok", or the errno) must be the same in both.
 */
@RequiresKernel
class MapCallsTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Runs {@code steps} on {@code kernel}, one outcome per step. */
    private static List<String> outcomes(Kernel kernel, List<Function<Kernel, Object>> steps) {
        List<String> out = new ArrayList<>();
        for (Function<Kernel, Object> step : steps) {
            try {
                Object r = step.apply(kernel);
                out.add(r instanceof Optional<?> o ? o.map(v -> HEX.formatHex((byte[]) v)).orElse("none")
                        : r instanceof byte[] b ? HEX.formatHex(b) : String.valueOf(r));
            } catch (KernelException e) {
                out.add(e.errno().name());
            }
        }
        return out;
    }

    private static List<String> both(List<Function<Kernel, Object>> steps) {
        List<String> sim = outcomes(new SimKernel().rootProcess(), steps);
        try (LinuxKernel real = new LinuxKernel()) {
            List<String> linux = outcomes(real, steps);
            assertThat(linux).as("real kernel vs simulated kernel").isEqualTo(sim);
            return linux;
        }
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    /** A step on the map the sequence's first step created (fd found through the kernel). */
    private interface OnMap {
        Object apply(Kernel k, MapFd map);
    }

    private static List<Function<Kernel, Object>> onNewMap(MapCreateAttr attr, List<OnMap> steps) {
        MapFd[] holder = new MapFd[1]; // set by the first step, on each kernel in turn
        List<Function<Kernel, Object>> out = new ArrayList<>();
        out.add(k -> {
            holder[0] = k.mapCreate(attr);
            return "created";
        });
        for (OnMap s : steps) {
            out.add(k -> s.apply(k, holder[0]));
        }
        return out;
    }

    @Test
    void hashMapRoundTripsAndErrnosMatchTheSimulator() {
        List<String> out = both(onNewMap(MapCreateAttr.of(MapType.HASH, "ebld_hash", 4, 8, 4, 0), List.of(
                (k, m) -> k.mapLookup(m, u32(1)),
                (k, m) -> { k.mapUpdate(m, u32(1), new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, UpdateMode.NOEXIST); return "ok"; },
                (k, m) -> k.mapLookup(m, u32(1)),
                (k, m) -> { k.mapUpdate(m, u32(1), new byte[8], UpdateMode.NOEXIST); return "ok"; },
                (k, m) -> { k.mapUpdate(m, u32(2), new byte[8], UpdateMode.EXIST); return "ok"; },
                (k, m) -> { k.mapUpdate(m, u32(1), new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, UpdateMode.EXIST); return "ok"; },
                (k, m) -> k.mapLookup(m, u32(1)),
                (k, m) -> k.mapGetNextKey(m, Optional.empty()),
                (k, m) -> k.mapGetNextKey(m, Optional.of(u32(1))),
                (k, m) -> { k.mapDelete(m, u32(1)); return "ok"; },
                (k, m) -> { k.mapDelete(m, u32(1)); return "ok"; },
                (k, m) -> k.mapGetNextKey(m, Optional.empty()))));
        assertThat(out).containsExactly("created", "none", "ok", "0102030405060708", "EEXIST", "ENOENT", "ok",
                "0909090909090909", "01000000", "none", "ok", "ENOENT", "none");
    }

    @Test
    void fullHashMapAndArrayBoundsMatchTheSimulator() {
        List<String> hash = both(onNewMap(MapCreateAttr.of(MapType.HASH, "ebld_small", 4, 4, 1, 0), List.of(
                (k, m) -> { k.mapUpdate(m, u32(1), u32(1), UpdateMode.ANY); return "ok"; },
                (k, m) -> { k.mapUpdate(m, u32(2), u32(2), UpdateMode.ANY); return "ok"; })));
        assertThat(hash).containsExactly("created", "ok", "E2BIG");
        List<String> array = both(onNewMap(MapCreateAttr.of(MapType.ARRAY, "ebld_array", 4, 4, 2, 0), List.of(
                (k, m) -> k.mapLookup(m, u32(1)),
                (k, m) -> k.mapLookup(m, u32(2)),
                (k, m) -> { k.mapUpdate(m, u32(2), u32(7), UpdateMode.ANY); return "ok"; },
                (k, m) -> { k.mapUpdate(m, u32(0), u32(7), UpdateMode.NOEXIST); return "ok"; },
                (k, m) -> { k.mapDelete(m, u32(0)); return "ok"; },
                (k, m) -> k.mapGetNextKey(m, Optional.of(u32(1))))));
        assertThat(array).containsExactly("created", "00000000", "none", "E2BIG", "EEXIST", "EINVAL", "none");
    }

    @Test
    void frozenMapRefusesWritesAndSaysSoInItsInfo() {
        List<String> out = both(onNewMap(MapCreateAttr.of(MapType.ARRAY, "ebld_frozen", 4, 4, 1, 0), List.of(
                (k, m) -> k.mapInfo(m).frozen(),
                (k, m) -> { k.mapFreeze(m); return "ok"; },
                (k, m) -> k.mapInfo(m).frozen(),
                (k, m) -> { k.mapUpdate(m, u32(0), u32(1), UpdateMode.ANY); return "ok"; })));
        assertThat(out).containsExactly("created", "false", "ok", "true", "EPERM");
    }

    /**
     * map_freeze checks that the fd may write before anything else: a second freeze, or a
     * freeze of a BPF_F_RDONLY map, is EPERM (the "already frozen" EBUSY behind it is never
     * reached), and maps of programs and ring buffers freeze like any other. The simulated
     * kernel once answered EBUSY and ENOTSUPP here; this comparison found it.
     */
    @Test
    void freezeMatchesTheSimulatorForEveryKindOfMap() {
        for (MapCreateAttr attr : List.of(
                MapCreateAttr.of(MapType.ARRAY, "ebld_frz_a", 4, 4, 1, 0),
                MapCreateAttr.of(MapType.ARRAY, "ebld_frz_ro", 4, 4, 1, 1 << 3),
                MapCreateAttr.of(MapType.ARRAY, "ebld_frz_wo", 4, 4, 1, 1 << 4),
                MapCreateAttr.of(MapType.HASH, "ebld_frz_h", 4, 4, 1, 0),
                MapCreateAttr.of(MapType.PROG_ARRAY, "ebld_frz_pa", 4, 4, 1, 0),
                MapCreateAttr.of(MapType.RINGBUF, "ebld_frz_rb", 0, 0, 4096, 0))) {
            List<String> out = both(onNewMap(attr, List.of(
                    (k, m) -> { k.mapFreeze(m); return "ok"; },
                    (k, m) -> { k.mapFreeze(m); return "ok"; })));
            assertThat(out).as(attr.name()).containsExactly("created",
                    attr.name().endsWith("_ro") ? "EPERM" : "ok", "EPERM");
        }
    }

    @Test
    void badCreateAttributesMatchTheSimulator() {
        List<String> out = both(List.of(
                k -> k.mapCreate(MapCreateAttr.of(MapType.ARRAY, "ebld_bad", 8, 4, 1, 0)),
                k -> k.mapCreate(MapCreateAttr.of(MapType.HASH, "ebld_bad", 4, 4, 0, 0)),
                // BPF_F_RDONLY | BPF_F_WRONLY: bpf_get_file_flag refuses it for every map type.
                k -> k.mapCreate(MapCreateAttr.of(MapType.DEVMAP, "ebld_bad", 4, 4, 1, 0x18)),
                k -> k.mapCreate(MapCreateAttr.of(MapType.XSKMAP, "ebld_bad", 4, 4, 1, 0x18))));
        assertThat(out).containsExactly("EINVAL", "EINVAL", "EINVAL", "EINVAL");
    }

    @Test
    void mapInfoReportsWhatWasCreated() {
        try (LinuxKernel k = new LinuxKernel()) {
            MapFd m = k.mapCreate(MapCreateAttr.of(MapType.LRU_HASH, "ebld_info", 8, 16, 32,
                    0));
            MapInfo info = k.mapInfo(m);
            assertThat(info.type()).isEqualTo(MapType.LRU_HASH);
            assertThat(info.name()).isEqualTo("ebld_info");
            assertThat(List.of(info.keySize(), info.valueSize(), info.maxEntries())).containsExactly(8, 16, 32);
            assertThat(info.btfId()).isEmpty();
            assertThat(k.nextId(info.id().kind(), info.id().value() - 1)).contains(info.id());
        }
    }

    @Test
    void perCpuValuesHoldOneRoundedSlotPerPossibleCpu() {
        try (LinuxKernel k = new LinuxKernel()) {
            MapFd m = k.mapCreate(MapCreateAttr.of(MapType.PERCPU_ARRAY, "ebld_pcpu", 4, 4, 1, 0));
            int bytes = 8 * k.possibleCpus();
            byte[] v = new byte[bytes];
            v[0] = 5;
            k.mapUpdate(m, u32(0), v, UpdateMode.ANY);
            assertThat(k.mapLookup(m, u32(0))).hasValueSatisfying(b -> assertThat(b).isEqualTo(v));
            KernelException e = assertThrows(KernelException.class,
                    () -> k.mapUpdate(m, u32(0), new byte[4], UpdateMode.ANY));
            assertThat(e.errno()).isEqualTo(Errno.EINVAL);
            assertThat(e.getMessage()).contains("value of 4 bytes");
        }
    }

    @Test
    void closingAnFdThisKernelDidNotOpenIsEbadf() {
        try (LinuxKernel k = new LinuxKernel()) {
            MapFd m = k.mapCreate(MapCreateAttr.of(MapType.ARRAY, "ebld_close", 4, 4, 1, 0));
            k.close(m);
            assertThat(assertThrows(KernelException.class, () -> k.close(m)).errno()).isEqualTo(Errno.EBADF);
            // bpf_obj_get_info_by_fd answers EBADFD (77), not EBADF, for an fd that is not open.
            assertThat(assertThrows(KernelException.class, () -> k.mapInfo(m)).errno()).isEqualTo(Errno.EBADFD);
            // The element commands answer EBADF, not their info query's EBADFD.
            assertThat(assertThrows(KernelException.class, () -> k.mapLookup(m, u32(0))).errno())
                    .isEqualTo(Errno.EBADF);
            assertThat(k.openFds()).isZero();
        }
    }

    /**
     * KernelHandle's promise: close() never fails for an fd already gone. The fd is closed behind
     * the table's back (as a careless caller could), then close() runs at once, before the
     * number can be handed out again; a second close() is a no-op.
     */
    @Test
    void closeAllToleratesAnFdClosedBehindItsBackAndIsIdempotent() {
        LinuxKernel k = new LinuxKernel();
        MapFd gone = k.mapCreate(MapCreateAttr.of(MapType.ARRAY, "ebld_gone", 4, 4, 1, 0));
        k.mapCreate(MapCreateAttr.of(MapType.ARRAY, "ebld_kept", 4, 4, 1, 0));
        BpfSyscall.close(gone.value());
        k.close();
        assertThat(k.openFds()).isZero();
        k.close();
    }

    /** Like the simulated kernel's, a refusal names the command and the map by name and fd. */
    @Test
    void refusalsNameTheCommandAndTheMap() {
        try (LinuxKernel k = new LinuxKernel()) {
            MapFd m = k.mapCreate(MapCreateAttr.of(MapType.HASH, "ebld_named", 4, 4, 1, 0));
            KernelException e = assertThrows(KernelException.class, () -> k.mapDelete(m, u32(3)));
            assertThat(e.getMessage()).isEqualTo("ENOENT: BPF_MAP_DELETE_ELEM map ebld_named (" + m + ")");
        }
    }
}
