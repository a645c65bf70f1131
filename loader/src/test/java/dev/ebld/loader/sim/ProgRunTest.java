package dev.ebld.loader.sim;

import dev.ebld.loader.verifier.StructuralVerifier;
import static dev.ebld.loader.sim.MapSemanticsTest.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.interp.AddressSpace;
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
import dev.ebld.loader.kernel.UpdateMode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BPF_PROG_TEST_RUN per program type, the helpers, and run-time safety inside the kernel. */
class ProgRunTest {
    /** XDP_PASS for IPv4 frames, XDP_DROP for anything else or a runt. */
    static final String XDP_IPV4_PASS = "61 2 1 0 0; 61 3 1 4 0; bf 4 2 0 0; 07 4 0 0 14;"
            + " b7 0 0 0 1; 2d 4 3 3 0; 69 5 2 12 0; 55 5 0 1 8; b7 0 0 0 2; 95 0 0 0 0";

    /**
     * The structural verifier, named: these tests pin down run-time semantics, faults included,
     * with programs the safety verifier (the default) would refuse or does not model.
     */
    private final SimKernel kernel = new SimKernel().verifier(new StructuralVerifier());
    private final SimProcess root = kernel.rootProcess();

    static byte[] ipv4Frame(int len) {
        byte[] f = new byte[len];
        for (int i = 0; i < len; i++) {
            f[i] = (byte) i;
        }
        f[12] = 0x08;
        f[13] = 0x00;
        return f;
    }

    private ProgFd load(ProgType t, String prog) {
        return root.progLoad(ProgLoadAttr.of(t, "p", Asm.insns(prog))).fd();
    }

    private static TestRunAttr packet(byte[] data, int repeat) {
        return new TestRunAttr(Optional.of(data), data.length + 512, Optional.empty(), 0, repeat,
                0, 0);
    }

    @Test
    void xdpReadsThePacketThroughRewrittenContext() {
        ProgFd p = load(ProgType.XDP, XDP_IPV4_PASS);
        assertEquals(2, root.progTestRun(p, TestRunAttr.packet(ipv4Frame(60))).retval());
        byte[] arp = ipv4Frame(60);
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertEquals(1, root.progTestRun(p, TestRunAttr.packet(arp)).retval());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class,
                () -> root.progTestRun(p, TestRunAttr.packet(new byte[13]))).errno());
    }

    @Test
    void xdpAdjustHeadShrinksTheOutputAndMapsCount() {
        MapFd counter = root.mapCreate(MapCreateAttr.of(MapType.ARRAY, "cnt", 4, 8, 1, 0));
        ProgFd p = load(ProgType.XDP, "bf 6 1 0 0; 62 10 0 -4 0; 18 1 1 0 " + counter.value()
                + "; 00 0 0 0 0; bf 2 10 0 0; 07 2 0 0 -4; 85 0 0 0 1; 15 0 0 3 0; b7 1 0 0 1;"
                + " db 0 1 0 0; 05 0 0 0 0; bf 1 6 0 0; b7 2 0 0 14; 85 0 0 0 44; b7 0 0 0 2;"
                + " 95 0 0 0 0");
        byte[] frame = ipv4Frame(40);
        TestRunResult r = root.progTestRun(p, packet(frame, 3));
        assertEquals(2, r.retval());
        // The second and third runs cannot pull another 14 bytes from a 26-byte packet
        // (at least an Ethernet header must remain), so the packet lost 14 bytes once.
        assertArrayEquals(Arrays.copyOfRange(frame, 14, 40), r.dataOut().orElseThrow());
        assertArrayEquals(MapSemanticsTest.u64(3), root.mapLookup(counter, u32(0)).orElseThrow());
    }

    @Test
    void tailCallReachesTheSlotOrFallsThrough() {
        ProgFd target = load(ProgType.XDP, "b7 0 0 0 42; 95 0 0 0 0");
        MapFd jt = root.mapCreate(MapCreateAttr.of(MapType.PROG_ARRAY, "jt", 4, 4, 2, 0));
        root.mapUpdate(jt, u32(0), u32(target.value()), UpdateMode.ANY);
        String caller = "18 2 1 0 " + jt.value() + "; 00 0 0 0 0; b7 3 0 0 %d; 85 0 0 0 12;"
                + " b7 0 0 0 1; 95 0 0 0 0";
        assertEquals(42, root.progTestRun(load(ProgType.XDP, String.format(caller, 0)),
                TestRunAttr.packet(ipv4Frame(20))).retval());
        assertEquals(1, root.progTestRun(load(ProgType.XDP, String.format(caller, 1)),
                TestRunAttr.packet(ipv4Frame(20))).retval());
        // A program that tail-calls itself stops after 33 tail calls and falls through.
        MapFd self = root.mapCreate(MapCreateAttr.of(MapType.PROG_ARRAY, "self", 4, 4, 1, 0));
        ProgFd loop = load(ProgType.XDP, "18 2 1 0 " + self.value() + "; 00 0 0 0 0; b7 3 0 0 0;"
                + " 85 0 0 0 12; b7 0 0 0 7; 95 0 0 0 0");
        root.mapUpdate(self, u32(0), u32(loop.value()), UpdateMode.ANY);
        assertEquals(7, root.progTestRun(loop, TestRunAttr.packet(ipv4Frame(20))).retval());
    }

    @Test
    void bpfLoopCallsTheCallback() {
        ProgFd p = load(ProgType.XDP, "7a 10 0 -8 0; b7 1 0 0 5; 18 2 4 0 7; 00 0 0 0 0;"
                + " bf 3 10 0 0; 07 3 0 0 -8; b7 4 0 0 0; 85 0 0 0 181; 79 0 10 -8 0; 95 0 0 0 0;"
                + " 79 3 2 0 0; 0f 3 1 0 0; 7b 2 3 0 0; b7 0 0 0 0; 95 0 0 0 0");
        assertEquals(0 + 1 + 2 + 3 + 4, root.progTestRun(p, TestRunAttr.packet(ipv4Frame(20))).retval());
    }

    @Test
    void tracePrintkWritesTheTraceLog() {
        ProgFd p = load(ProgType.XDP, "18 1 0 0 0x25206968; 00 0 0 0 0x00000a64; 7b 10 1 -8 0;"
                + " bf 1 10 0 0; 07 1 0 0 -8; b7 2 0 0 8; b7 3 0 0 -5; 85 0 0 0 6; b7 0 0 0 0;"
                + " 95 0 0 0 0");
        root.progTestRun(p, TestRunAttr.packet(ipv4Frame(20)));
        assertEquals("hi -5\n", kernel.drainTrace());
    }

    @Test
    void ringbufRecordsReachUserSpace() {
        MapFd rb = root.mapCreate(MapCreateAttr.of(MapType.RINGBUF, "rb", 0, 0, 4096, 0));
        ProgFd p = load(ProgType.XDP, "18 1 1 0 " + rb.value() + "; 00 0 0 0 0; b7 2 0 0 8;"
                + " b7 3 0 0 0; 85 0 0 0 131; 15 0 0 4 0; 7a 0 0 0 0x77; bf 1 0 0 0; b7 2 0 0 0;"
                + " 85 0 0 0 132; b7 0 0 0 0; 95 0 0 0 0");
        root.progTestRun(p, packet(ipv4Frame(20), 2));
        List<byte[]> recs = root.drainRecords(rb);
        assertEquals(2, recs.size());
        assertArrayEquals(MapSemanticsTest.u64(0x77), recs.get(0));
    }

    @Test
    void probeReadKernelReadsSimulatedMemory() {
        long addr = kernel.addKernelMemory("init_task", MapSemanticsTest.u64(0x1234_5678L));
        ProgFd p = load(ProgType.XDP, "bf 1 10 0 0; 07 1 0 0 -8; b7 2 0 0 8; 18 3 0 0 "
                + (int) addr + "; 00 0 0 0 " + (int) (addr >>> 32) + "; 85 0 0 0 113;"
                + " 79 0 10 -8 0; 95 0 0 0 0");
        assertEquals(0x1234_5678L, root.progTestRun(p, TestRunAttr.packet(ipv4Frame(20))).retval());
        ProgFd bad = load(ProgType.XDP, "bf 1 10 0 0; 07 1 0 0 -8; b7 2 0 0 8; b7 3 0 0 16;"
                + " 85 0 0 0 113; 95 0 0 0 0");
        assertEquals(-Errno.EFAULT.number(), (int) root.progTestRun(bad, TestRunAttr.packet(ipv4Frame(20))).retval());
    }

    @Test
    void outOfPacketStoreIsALocatedFault() {
        ProgFd p = load(ProgType.XDP, "61 2 1 0 0; 72 2 0 100 1; b7 0 0 0 2; 95 0 0 0 0");
        KernelException e = assertThrows(KernelException.class,
                () -> root.progTestRun(p, TestRunAttr.packet(ipv4Frame(20))));
        assertEquals(Errno.EFAULT, e.errno());
        RunFault f = assertInstanceOf(RunFault.class, e.getCause());
        assertEquals(RunFault.Kind.OUT_OF_BOUNDS, f.kind());
        assertEquals(1, f.insnIndex());
        assertTrue(f.getMessage().contains("packet"), f.getMessage());
    }

    @Test
    void staleHashValuePointerFaultsAfterDelete() {
        MapFd h = root.mapCreate(MapCreateAttr.of(MapType.HASH, "h", 4, 8, 4, 0));
        root.mapUpdate(h, u32(1), MapSemanticsTest.u64(5), UpdateMode.ANY);
        String fd = h.value() + "";
        ProgFd p = load(ProgType.XDP, "62 10 0 -4 1; 18 1 1 0 " + fd + "; 00 0 0 0 0;"
                + " bf 2 10 0 0; 07 2 0 0 -4; 85 0 0 0 1; bf 6 0 0 0; 18 1 1 0 " + fd
                + "; 00 0 0 0 0; bf 2 10 0 0; 07 2 0 0 -4; 85 0 0 0 3; 79 0 6 0 0; 95 0 0 0 0");
        KernelException e = assertThrows(KernelException.class,
                () -> root.progTestRun(p, TestRunAttr.packet(ipv4Frame(20))));
        assertEquals(RunFault.Kind.OUT_OF_BOUNDS, ((RunFault) e.getCause()).kind());
    }

    @Test
    void skbRunsSeeLenProtocolAndL2ByType() {
        String lenPlusProto = "61 0 1 0 0; 61 2 1 16 0; 67 2 0 0 16; 0f 0 2 0 0; 95 0 0 0 0";
        long proto = 0x0008L << 16;
        byte[] frame = ipv4Frame(60);
        assertEquals(proto + 60, root.progTestRun(load(ProgType.SCHED_CLS, lenPlusProto),
                TestRunAttr.packet(frame)).retval());
        assertEquals(proto + 46, root.progTestRun(load(ProgType.SOCKET_FILTER, lenPlusProto),
                TestRunAttr.packet(frame)).retval());
        // tc may set the mark; a socket filter may not.
        ProgFd mark = load(ProgType.SCHED_CLS, "62 1 0 8 9; 61 0 1 8 0; 95 0 0 0 0");
        TestRunResult r = root.progTestRun(mark, new TestRunAttr(Optional.of(frame), 100,
                Optional.empty(), 192, 0, 0, 0));
        assertEquals(9, r.retval());
        assertEquals(9, AddressSpace.getLe(r.ctxOut().orElseThrow(), 8, 4));
        ProgFd sfMark = load(ProgType.SOCKET_FILTER, "62 1 0 8 9; b7 0 0 0 0; 95 0 0 0 0");
        assertEquals(RunFault.Kind.READ_ONLY, ((RunFault) assertThrows(KernelException.class,
                () -> root.progTestRun(sfMark, TestRunAttr.packet(frame))).getCause()).kind());
        byte[] badCtx = new byte[192];
        badCtx[0] = 1; // len is not settable
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> root.progTestRun(mark,
                new TestRunAttr(Optional.of(frame), 0, Optional.of(badCtx), 0, 0, 0, 0))).errno());
    }

    @Test
    void rawTpAndSyscallAttributeRules() {
        ProgFd raw = load(ProgType.RAW_TRACEPOINT, "79 0 1 8 0; 95 0 0 0 0");
        byte[] args = new byte[16];
        args[8] = 33;
        assertEquals(33, root.progTestRun(raw, new TestRunAttr(Optional.empty(), 0,
                Optional.of(args), 0, 0, 0, 0)).retval());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> root.progTestRun(raw,
                new TestRunAttr(Optional.empty(), 0, Optional.of(args), 0, 5, 0, 0))).errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> root.progTestRun(raw,
                TestRunAttr.packet(ipv4Frame(20)))).errno());
        ProgFd sys = load(ProgType.SYSCALL, "62 1 0 0 7; b7 0 0 0 0; 95 0 0 0 0");
        TestRunResult r = root.progTestRun(sys, new TestRunAttr(Optional.empty(), 0,
                Optional.of(new byte[8]), 0, 0, 0, 0));
        assertEquals(7, r.ctxOut().orElseThrow()[0]);
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> root.progTestRun(sys,
                new TestRunAttr(Optional.empty(), 0, Optional.of(new byte[8]), 0, 2, 0, 0))).errno());
        ProgFd tracing = load(ProgType.KPROBE, "b7 0 0 0 0; 95 0 0 0 0");
        assertEquals(Errno.ENOTSUPP, assertThrows(KernelException.class, () -> root.progTestRun(
                tracing, TestRunAttr.packet(ipv4Frame(20)))).errno());
    }

    /** A CO-RE style read: current task's pid, its parent's tgid and its comm, by BTF offsets. */
    @Test
    void currentTaskIsLaidOutByTheKernelBtf() {
        kernel.currentTask(4242, 4240, "worker");
        dev.ebld.btf.Btf btf = root.vmlinuxBtf();
        dev.ebld.btf.BtfType.Struct task = (dev.ebld.btf.BtfType.Struct) btf.type(
                btf.find("task_struct", dev.ebld.btf.BtfKind.STRUCT).orElseThrow());
        java.util.function.ToIntFunction<String> off = f -> task.members().stream()
                .filter(m -> m.name().equals(f)).findFirst().orElseThrow().bitOffset() / 8;
        // r6 = task; read pid; read real_parent, then its tgid; comm via probe_read_kernel_str
        ProgFd p = load(ProgType.RAW_TRACEPOINT, "85 0 0 0 35; bf 6 0 0 0;"
                + " bf 1 10 0 0; 07 1 0 0 -8; b7 2 0 0 4; bf 3 6 0 0; 07 3 0 0 " + off.applyAsInt("pid")
                + "; 85 0 0 0 113; 61 7 10 -8 0;"
                + " bf 1 10 0 0; 07 1 0 0 -16; b7 2 0 0 8; bf 3 6 0 0; 07 3 0 0 "
                + off.applyAsInt("real_parent") + "; 85 0 0 0 113; 79 3 10 -16 0;"
                + " bf 1 10 0 0; 07 1 0 0 -8; b7 2 0 0 4; 07 3 0 0 " + off.applyAsInt("tgid")
                + "; 85 0 0 0 113; 61 8 10 -8 0;"
                + " bf 1 10 0 0; 07 1 0 0 -32; b7 2 0 0 16; bf 3 6 0 0; 07 3 0 0 "
                + off.applyAsInt("comm") + "; 85 0 0 0 115; 71 9 10 -32 0;"
                + " 27 8 0 0 100000; 0f 7 8 0 0; 27 0 0 0 0; 0f 0 7 0 0; 67 9 0 0 24; 0f 0 9 0 0;"
                + " 95 0 0 0 0");
        long r0 = root.progTestRun(p, new TestRunAttr(Optional.empty(), 0, Optional.empty(), 0,
                0, 0, 0)).retval();
        assertEquals(4242 + 1 * 100000L + ((long) 'w' << 24), r0); // retval carries 32 bits
    }

    @Test
    void tracingRunsMirrorAnUnattachedProgram() {
        ProgFd fentry = root.progLoad(new ProgLoadAttr(ProgType.TRACING,
                Optional.of(dev.ebld.loader.kernel.AttachType.TRACE_FENTRY), "f",
                Asm.insns("b7 0 0 0 5; 95 0 0 0 0"), "GPL", Optional.empty(), List.of(),
                List.of(), dev.ebld.loader.kernel.LogOptions.NONE, Optional.empty(),
                Optional.empty(), List.of(), 0)).fd();
        TestRunAttr none = new TestRunAttr(Optional.empty(), 0, Optional.empty(), 0, 0, 0, 0);
        assertEquals(0, root.progTestRun(fentry, none).retval());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> root.progTestRun(
                fentry, new TestRunAttr(Optional.empty(), 0, Optional.empty(), 0, 0, 1, 0))).errno());
    }

    @Test
    void budgetExhaustionIsTyped() {
        kernel.runBudget(10_000);
        ProgFd p = load(ProgType.XDP, "b7 0 0 0 0; 05 0 0 -1 0; 95 0 0 0 0");
        KernelException e = assertThrows(KernelException.class,
                () -> root.progTestRun(p, TestRunAttr.packet(ipv4Frame(20))));
        assertEquals(RunFault.Kind.BUDGET_EXHAUSTED, ((RunFault) e.getCause()).kind());
    }

    @Test
    void readOnlyProgMapRefusesProgramWrites() {
        MapFd ro = root.mapCreate(MapCreateAttr.of(MapType.ARRAY, "ro", 4, 8, 1,
                MapCreateAttr.F_RDONLY_PROG));
        String lookup = "62 10 0 -4 0; 18 1 1 0 " + ro.value() + "; 00 0 0 0 0; bf 2 10 0 0;"
                + " 07 2 0 0 -4; ";
        ProgFd store = load(ProgType.XDP, lookup + "85 0 0 0 1; 15 0 0 1 0; 7a 0 0 0 1;"
                + " b7 0 0 0 2; 95 0 0 0 0");
        assertEquals(RunFault.Kind.READ_ONLY, ((RunFault) assertThrows(KernelException.class,
                () -> root.progTestRun(store, TestRunAttr.packet(ipv4Frame(20)))).getCause()).kind());
        ProgFd update = load(ProgType.XDP, lookup + "bf 3 10 0 0; 07 3 0 0 -4; b7 4 0 0 0;"
                + " 85 0 0 0 2; 95 0 0 0 0");
        assertEquals(-Errno.EPERM.number(), (int) root.progTestRun(update,
                TestRunAttr.packet(ipv4Frame(20))).retval());
    }

    /**
     * Repeated runs give the single run's answer (speed is measured by {@code ebld bench run},
     * never asserted in a unit test).
     */
    @Test
    void repeatedRunsOfARootletCallingTwoSubprograms() {
        byte[] frame = ipv4Frame(64);
        // A rootlet calling two small component subprograms, like the linker demo's.
        ProgFd rootlet = load(ProgType.XDP, "bf 6 1 0 0; 85 0 1 0 5; bf 7 0 0 0; bf 1 6 0 0;"
                + " 85 0 1 0 " + 12 + "; 0f 0 7 0 0; 95 0 0 0 0; " + XDP_IPV4_PASS + "; "
                + "b7 0 0 0 0; 95 0 0 0 0");
        assertEquals(2, root.progTestRun(rootlet, packet(frame, 1)).retval());
        assertEquals(2, root.progTestRun(rootlet, packet(frame, 1_000)).retval());
    }
}
