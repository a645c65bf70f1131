package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.MapSemanticsTest.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.interp.BytecodeExecutor;
import dev.ebld.loader.interp.Executor;
import dev.ebld.loader.interp.Interpreter;
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
import dev.ebld.loader.kernel.UpdateMode;
import dev.ebld.loader.verifier.StructuralVerifier;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run fault's message, as the user sees it from BPF_PROG_TEST_RUN, names the program (and its
 * id), the instruction and the region, on either executor; for a fault after a tail call, the
 * program the tail call entered.
 */
class RunFaultMessageTest {
    /** Stores one byte 100 bytes into the packet: insn 1 faults. */
    private static final String OOB_STORE = "61 2 1 0 0; 72 2 0 100 1; b7 0 0 0 2; 95 0 0 0 0";

    static Stream<Executor> executors() {
        return Stream.of(new Interpreter(), new BytecodeExecutor());
    }

    private static SimProcess root(Executor executor) {
        return new SimKernel().executor(executor).verifier(new StructuralVerifier()).rootProcess();
    }

    private static ProgFd load(SimProcess root, String name, String prog) {
        return root.progLoad(ProgLoadAttr.of(ProgType.XDP, name, Asm.insns(prog))).fd();
    }

    private static KernelException fault(SimProcess root, ProgFd p) {
        KernelException e = assertThrows(KernelException.class,
                () -> root.progTestRun(p, TestRunAttr.packet(ProgRunTest.ipv4Frame(20))));
        assertEquals(Errno.EFAULT, e.errno());
        return e;
    }

    @ParameterizedTest
    @MethodSource("executors")
    void faultNamesProgramInstructionAndRegion(Executor executor) {
        SimProcess root = root(executor);
        ProgFd p = load(root, "xdp_oob", OOB_STORE);
        int id = root.progInfo(p).id().value();
        KernelException e = fault(root, p);
        String expected = "program xdp_oob (id " + id + ") faulted at insn 1: access of 1 bytes"
                + " at offset 100 of packet (size 20)";
        assertEquals("EFAULT: " + expected, e.getMessage());
        RunFault f = assertInstanceOf(RunFault.class, e.getCause());
        assertEquals(expected, f.getMessage(), "the caller adds nothing but the errno");
        assertEquals("xdp_oob", f.program().orElseThrow());
        assertEquals(OptionalInt.of(id), f.progId());
        assertEquals(1, f.insnIndex());
        assertEquals("access of 1 bytes at offset 100 of packet (size 20)", f.detail());
    }

    @ParameterizedTest
    @MethodSource("executors")
    void faultAfterATailCallNamesTheProgramEntered(Executor executor) {
        SimProcess root = root(executor);
        ProgFd callee = load(root, "callee", OOB_STORE);
        MapFd jt = root.mapCreate(MapCreateAttr.of(MapType.PROG_ARRAY, "jt", 4, 4, 1, 0));
        root.mapUpdate(jt, u32(0), u32(callee.value()), UpdateMode.ANY);
        ProgFd caller = load(root, "caller", "18 2 1 0 " + jt.value() + "; 00 0 0 0 0;"
                + " b7 3 0 0 0; 85 0 0 0 12; b7 0 0 0 1; 95 0 0 0 0");
        int id = root.progInfo(callee).id().value();
        assertEquals("EFAULT: program callee (id " + id + ") faulted at insn 1: access of 1 bytes at"
                + " offset 100 of packet (size 20)", fault(root, caller).getMessage());
    }
}
