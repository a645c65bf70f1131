package dev.ebld.loader.sim;

import dev.ebld.loader.verifier.StructuralVerifier;
import static dev.ebld.loader.sim.MapSemanticsTest.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Helpers with kernel return conventions: redirect, packet tail and metadata, spin locks, perf output. */
class HelpersTest {
    /**
     * The structural verifier, named: these tests pin down run-time semantics, faults included,
     * with programs the safety verifier (the default) would refuse or does not model.
     */
    private final SimKernel kernel = new SimKernel().verifier(new StructuralVerifier());
    private final SimProcess root = kernel.rootProcess();

    private ProgFd load(ProgType t, String prog) {
        return root.progLoad(ProgLoadAttr.of(t, "p", Asm.insns(prog))).fd();
    }

    /** The run's retval read as a C caller reads the UAPI's {@code __u32} into an {@code int}. */
    private int run(ProgFd p) {
        return (int) root.progTestRun(p, TestRunAttr.packet(ProgRunTest.ipv4Frame(40))).retval();
    }

    @Test
    void redirectAnswersPerProgramType() {
        String prog = "b7 1 0 0 3; b7 2 0 0 %d; 85 0 0 0 23; 95 0 0 0 0";
        assertEquals(4, run(load(ProgType.XDP, String.format(prog, 0))), "XDP_REDIRECT");
        assertEquals(0, run(load(ProgType.XDP, String.format(prog, 1))), "XDP_ABORTED on flags");
        assertEquals(7, run(load(ProgType.SCHED_CLS, String.format(prog, 1))), "TC_ACT_REDIRECT, ingress");
        assertEquals(2, run(load(ProgType.SCHED_CLS, String.format(prog, 2))), "TC_ACT_SHOT on bad flags");
    }

    @Test
    void adjustTailShrinksAndRefusesToGrowPastTheFrame() {
        ProgFd shrink = load(ProgType.XDP, "b7 2 0 0 -10; 85 0 0 0 65; 95 0 0 0 0");
        byte[] frame = ProgRunTest.ipv4Frame(40);
        TestRunResult r = root.progTestRun(shrink, TestRunAttr.packet(frame));
        assertEquals(0, r.retval());
        assertArrayEquals(Arrays.copyOf(frame, 30), r.dataOut().orElseThrow());
        ProgFd grow = load(ProgType.XDP, "b7 2 0 0 4000; 85 0 0 0 65; 95 0 0 0 0");
        assertEquals(-Errno.EINVAL.number(), run(grow));
        ProgFd runt = load(ProgType.XDP, "b7 2 0 0 -30; 85 0 0 0 65; 95 0 0 0 0");
        assertEquals(-Errno.EINVAL.number(), run(runt), "at least an Ethernet header stays");
    }

    @Test
    void metadataFromCtxInSitsBeforeThePacket() {
        // r0 = *(u16 *)data_meta | *(u8 *)data << 16: the packet must still start after the 4
        // metadata bytes (retval carries 32 bits).
        ProgFd p = load(ProgType.XDP, "61 2 1 8 0; 61 3 1 0 0; 69 0 2 0 0; 71 4 3 0 0;"
                + " 67 4 0 0 16; 0f 0 4 0 0; 95 0 0 0 0");
        byte[] data = ProgRunTest.ipv4Frame(40);
        data[0] = 0x11;
        data[4] = 0x55;
        byte[] md = new byte[24];
        md[0] = 4; // data: 4 bytes of metadata
        md[4] = 40; // data_end: the data_in size
        TestRunResult r = root.progTestRun(p, new TestRunAttr(Optional.of(data), 100,
                Optional.of(md), 24, 0, 0, 0));
        assertEquals(0x55L << 16 | 0x0111L, r.retval());
        assertEquals(40, r.dataOut().orElseThrow().length);
        md[8] = 4; // data_meta must be 0
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> root.progTestRun(p,
                new TestRunAttr(Optional.of(data), 100, Optional.of(md), 0, 0, 0, 0))).errno());
    }

    @Test
    void spinLockPairsAndDoubleLockFaults() {
        MapFd m = root.mapCreate(MapCreateAttr.of(MapType.ARRAY, "locked", 4, 8, 1, 0));
        String lookup = "62 10 0 -4 0; 18 1 1 0 " + m.value() + "; 00 0 0 0 0; bf 2 10 0 0;"
                + " 07 2 0 0 -4; 85 0 0 0 1; 15 0 0 %d 0; bf 6 0 0 0; ";
        ProgFd ok = load(ProgType.XDP, String.format(lookup, 6) + "bf 1 6 0 0; 85 0 0 0 93;"
                + " bf 1 6 0 0; 85 0 0 0 94; 61 0 6 0 0; 07 0 0 0 2; 95 0 0 0 0");
        assertEquals(2, run(ok), "unlocked again after the pair");
        ProgFd twice = load(ProgType.XDP, String.format(lookup, 4) + "bf 1 6 0 0; 85 0 0 0 93;"
                + " bf 1 6 0 0; 85 0 0 0 93; 95 0 0 0 0");
        RunFault f = (RunFault) assertThrows(KernelException.class, () -> run(twice)).getCause();
        assertEquals(RunFault.Kind.BAD_HELPER, f.kind());
    }

    @Test
    void perfEventOutputQueuesSamples() {
        MapFd events = root.mapCreate(MapCreateAttr.of(MapType.PERF_EVENT_ARRAY, "ev", 4, 4, 2, 0));
        ProgFd p = load(ProgType.XDP, "7a 10 0 -8 0x99; 18 2 1 0 " + events.value()
                + "; 00 0 0 0 0; 18 3 0 0 -1; 00 0 0 0 0; bf 4 10 0 0; 07 4 0 0 -8; b7 5 0 0 8;"
                + " 85 0 0 0 25; 95 0 0 0 0");
        assertEquals(0, run(p));
        assertArrayEquals(MapSemanticsTest.u64(0x99), root.drainRecords(events).get(0));
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class,
                () -> root.drainRecords(root.mapCreate(MapCreateAttr.of(MapType.ARRAY, "a", 4, 4,
                        1, 0)))).errno());
        assertEquals(Optional.empty(), root.mapLookup(root.mapCreate(MapCreateAttr.of(
                MapType.HASH, "h", 4, 4, 1, 0)), u32(0)));
    }
}
