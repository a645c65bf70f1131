package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnCodec;
import dev.ebld.insn.Slot;
import dev.ebld.loader.interp.BareMachine;
import dev.ebld.loader.interp.BytecodeExecutor;
import dev.ebld.loader.interp.Executor;
import dev.ebld.loader.interp.Interpreter;
import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.verifier.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random instruction sequences, run with no verifier at all: on the bare machine and
 * inside the simulated kernel (with map handles, packet and context pointers in registers). The
 * only acceptable outcomes are a return value or a typed {@link RunFault} that is not INTERNAL:
 * never a hang, never another exception.
 */
class RandomProgramsTest {
    /** Opcodes the generator favours: every class, jumps, calls and atomics. */
    private static final int[] OPS = {
        0x07, 0x0f, 0x17, 0x1f, 0x27, 0x2f, 0x37, 0x3f, 0x47, 0x57, 0x67, 0x6f, 0x77, 0x7f, 0x87,
        0x97, 0x9f, 0xa7, 0xb7, 0xbf, 0xc7, 0xcf, 0xd7, 0x04, 0x0c, 0x34, 0x3c, 0x64, 0x74, 0x84,
        0x94, 0x9c, 0xb4, 0xbc, 0xc4, 0xd4, 0xdc, 0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91, 0x62,
        0x6a, 0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xc3, 0xdb, 0x05, 0x06, 0x15, 0x1d, 0x25, 0x2d,
        0x55, 0x65, 0xa5, 0xad, 0xc5, 0xd5, 0x16, 0x26, 0x56, 0xa6, 0x85, 0x8d, 0x95, 0xe5, 0x18,
        0x20, 0x28, 0x30, 0x40, 0x48, 0x50,
    };
    private static final int[] HELPERS = {1, 2, 3, 5, 6, 7, 8, 12, 14, 23, 25, 44, 65, 93, 94,
        113, 130, 131, 132, 133, 181};
    private static final int[] ATOMIC_IMMS = {0x00, 0x01, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1,
        0xe1, 0xf1, 0x33};

    private static List<Insn> randomProgram(SplittableRandom rnd) {
        int n = 1 + rnd.nextInt(24);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            int op = rnd.nextInt(8) == 0 ? rnd.nextInt(256) : OPS[rnd.nextInt(OPS.length)];
            int dst = rnd.nextInt(11);
            int src = rnd.nextInt(11);
            int off = rnd.nextBoolean() ? rnd.nextInt(-16, 16) : rnd.nextInt(-600, 600);
            int imm = rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(-70, 70);
            if (op == 0x85) {
                src = rnd.nextInt(3) == 0 ? 1 : 0;
                imm = src == 1 ? rnd.nextInt(-n, n) : HELPERS[rnd.nextInt(HELPERS.length)];
                off = 0;
            } else if (op == 0xc3 || op == 0xdb) {
                imm = ATOMIC_IMMS[rnd.nextInt(ATOMIC_IMMS.length)];
            } else if (op == 0x18) {
                src = rnd.nextInt(4) == 0 ? 4 : 0; // sometimes a callback address
                out.writeBytes(Slot.of(op, dst, src, 0, rnd.nextInt(-n, n)).toBytes(ByteOrder.LITTLE_ENDIAN));
                op = 0;
                dst = 0;
                src = 0;
                off = 0;
            }
            int[] f = wellFormed(rnd, op, dst, src, off, imm);
            out.writeBytes(Slot.of(op, f[0], f[1], f[2], f[3]).toBytes(ByteOrder.LITTLE_ENDIAN));
        }
        out.writeBytes(Slot.of(0x95, 0, 0, 0, 0).toBytes(ByteOrder.LITTLE_ENDIAN));
        return InsnCodec.decodeAll(out.toByteArray(), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Clears the fields an opcode reserves, most of the time, so that most instructions decode
     * and the run gets past its first instruction; the rest stay raw to exercise invalid ones.
     */
    private static int[] wellFormed(SplittableRandom rnd, int op, int dst, int src, int off,
            int imm) {
        if (rnd.nextInt(10) == 0) {
            return new int[] {dst, src, off, imm};
        }
        int cls = op & 7;
        boolean x = (op & 8) != 0;
        switch (cls) {
            case 4: case 7:
                if ((op & 0xf0) == 0xd0) {
                    return new int[] {dst, 0, 0, new int[] {16, 32, 64}[rnd.nextInt(3)]};
                }
                int o = (op & 0xf0) == 0x30 || (op & 0xf0) == 0x90 ? rnd.nextInt(2)
                        : (op & 0xf0) == 0xb0 && x ? new int[] {0, 8, 16, 32}[rnd.nextInt(cls == 7 ? 4 : 3)] : 0;
                if ((op & 0xf0) == 0x80) {
                    return new int[] {dst, 0, 0, 0};
                }
                return new int[] {dst, x ? src : 0, o, x ? 0 : imm};
            case 5: case 6:
                if (op == 0x05 || op == 0xe5) {
                    return new int[] {0, 0, off, 0};
                }
                if (op == 0x06) {
                    return new int[] {0, 0, 0, off};
                }
                if (op == 0x95) {
                    return new int[] {0, 0, 0, 0};
                }
                if (op == 0x85) {
                    return new int[] {0, src, 0, imm};
                }
                if (op == 0x8d) {
                    return new int[] {dst, 0, 0, 0};
                }
                return new int[] {dst, x ? src : 0, off, x ? 0 : imm};
            case 1:
                return new int[] {dst, src, off, 0};
            case 2:
                return new int[] {dst, 0, off, imm};
            case 3:
                return new int[] {dst, src, off, (op & 0xe0) == 0xc0 ? imm : 0};
            default:
                return new int[] {0, (op & 0xe0) == 0x40 ? src : 0, 0, imm};
        }
    }

    @Test
    void bareMachineOnlyEndsInTypedOutcomes() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        Map<RunFault.Kind, Integer> seen = new EnumMap<>(RunFault.Kind.class);
        int returned = 0;
        for (int i = 0; i < 20_000; i++) {
            List<Insn> prog = randomProgram(rnd);
            try {
                BareMachine.run(prog, new byte[64], 20_000);
                returned++;
            } catch (RunFault f) {
                assertNotEquals(RunFault.Kind.INTERNAL, f.kind(), prog + ": " + f.getMessage());
                seen.merge(f.kind(), 1, Integer::sum);
            }
        }
        System.out.println("random bare: " + returned + " returned, faults " + seen);
        assertTrue(returned > 1000 && seen.size() >= 4, "generator too narrow: " + seen);
    }

    /**
     * The same random programs, no verifier, on the compiled executor: the outcome (return value,
     * or typed fault kind, instruction and message) is the interpreter's, never INTERNAL.
     * Programs calling bpf_ktime_get_ns are run but not compared (the clock moves).
     */
    @Test
    void compiledExecutorMatchesTheInterpreterOnRandomPrograms() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            List<Insn> prog = randomProgram(rnd);
            String want = bareOutcome(prog, new Interpreter());
            String got = bareOutcome(prog, new BytecodeExecutor());
            assertFalse(got.contains("INTERNAL"), prog + ": " + got);
            if (!readsTheClock(prog)) {
                assertEquals(want, got, prog.toString());
                compared++;
            }
        }
        assertTrue(compared > 15_000, "compared " + compared);
    }

    private static boolean readsTheClock(List<Insn> prog) {
        return prog.stream().map(insn -> insn.slots().get(0))
                .anyMatch(s -> s.opcode() == 0x85 && s.src() == 0 && s.imm() == 5); // bpf_ktime_get_ns
    }

    private static String bareOutcome(List<Insn> prog, Executor executor) {
        try {
            return "r0 " + BareMachine.run(prog, new byte[64], 20_000, executor);
        } catch (RunFault f) {
            return "fault " + f.kind() + " at " + f.insnIndex() + ": " + f.getMessage();
        }
    }

    @Test
    void simKernelOnlyEndsInTypedOutcomes() {
        simKernelOnlyEndsInTypedOutcomes(new Interpreter());
    }

    /** The same, compiled: each program is compiled (or handed to the interpreter) at its first run. */
    @Test
    void compiledSimKernelOnlyEndsInTypedOutcomes() {
        simKernelOnlyEndsInTypedOutcomes(new BytecodeExecutor());
    }

    private static void simKernelOnlyEndsInTypedOutcomes(Executor executor) {
        SimKernel kernel = new SimKernel().runBudget(20_000).executor(executor)
                .verifier(req -> Verdict.accept("", req.insns().size()));
        SimProcess root = kernel.rootProcess();
        MapFd hash = root.mapCreate(MapCreateAttr.of(MapType.HASH, "h", 4, 8, 4, 0));
        MapFd rb = root.mapCreate(MapCreateAttr.of(MapType.RINGBUF, "rb", 0, 0, 4096, 0));
        SplittableRandom rnd = new SplittableRandom(7);
        int typed = 0;
        int returned = 0;
        for (int i = 0; i < 5_000; i++) {
            List<Insn> prog = new ArrayList<>(dev.ebld.loader.interp.Asm.insns("18 6 1 0 "
                    + hash.value() + "; 00 0 0 0 0; 18 7 1 0 " + rb.value() + "; 00 0 0 0 0;"
                    + " 61 8 1 0 0; 61 9 1 4 0"));
            prog.addAll(randomProgram(rnd));
            ProgFd p;
            try {
                p = root.progLoad(ProgLoadAttr.of(rnd.nextBoolean() ? ProgType.XDP
                        : ProgType.SCHED_CLS, "r", prog)).fd();
            } catch (KernelException e) {
                continue; // an unknown helper id or a bad pseudo source: refused at load
            }
            try {
                root.progTestRun(p, TestRunAttr.packet(new byte[64]));
                returned++;
            } catch (KernelException e) {
                assertTrue(e.getCause() instanceof RunFault, e.toString());
                assertNotEquals(RunFault.Kind.INTERNAL, ((RunFault) e.getCause()).kind(),
                        prog + ": " + e.getMessage());
                typed++;
            } finally {
                root.close(p);
            }
        }
        System.out.println("random sim: " + returned + " returned, " + typed + " typed faults");
        assertTrue(returned > 500 && typed > 500);
    }
}
