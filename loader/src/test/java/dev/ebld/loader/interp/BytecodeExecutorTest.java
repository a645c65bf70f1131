package dev.ebld.loader.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.insn.Insn;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled executor against the interpreter on the interpreter's conformance cases and on
 * hand-written faults: the same return value, or the same typed fault at the same instruction.
 */
class BytecodeExecutorTest {
    private static final String EXIT = "95 0 0 0 0";
    private static final byte[] MEM = {0x11, 0x22, 0x33, (byte) 0xff, 0, 0, 0, 0};

    static Stream<Arguments> cases() {
        return InterpreterTest.cases();
    }

    static Stream<String> faulting() {
        return Stream.of(
                "b7 0 0 0 0; 79 0 1 4 0; " + EXIT, // out of the memory region
                "7a 10 0 -520 1; " + EXIT, // below the stack frame
                "05 0 0 -1 0; " + EXIT, // budget
                "b7 1 0 0 0; 07 1 0 0 1; 05 0 0 -2 0; " + EXIT, // budget inside a longer block
                "85 0 1 0 -1; " + EXIT, // call depth
                "b7 0 0 0 0", // falling off the end
                "05 0 0 1 0; 18 0 0 0 1; 00 0 0 0 0; " + EXIT, // into ld_imm64's second half
                "05 0 0 100 0; " + EXIT, // out of the program
                "85 0 0 0 9999; " + EXIT, // no such helper
                "b7 2 0 0 0; 7a 2 0 0 1; " + EXIT); // store through a null pointer
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conformanceCaseGivesTheInterpretersValue(String name, String prog, long r0) {
        List<Insn> insns = Asm.insns(prog);
        String compiled = outcome(insns, new BytecodeExecutor());
        assertEquals(outcome(insns, new Interpreter()), compiled, name);
        if (!name.startsWith("callx")) { // prandom: only equal to the interpreter's, seeded alike
            assertEquals("r0 " + r0, compiled, name);
        }
    }

    @ParameterizedTest
    @MethodSource("faulting")
    void faultIsTheInterpretersFault(String prog) {
        List<Insn> insns = Asm.insns(prog);
        String want = outcome(insns, new Interpreter());
        assertTrue(want.startsWith("fault"), want);
        assertEquals(want, outcome(insns, new BytecodeExecutor()));
    }

    @Test
    void budgetRunsOutAtTheSameInstructionCount() {
        // A loop of three instructions and a budget that runs out in the middle of the block.
        List<Insn> insns = Asm.insns("b7 1 0 0 0; 07 1 0 0 1; 07 0 0 0 1; 05 0 0 -3 0; " + EXIT);
        for (long budget = 1; budget < 40; budget++) {
            assertEquals(outcome(insns, new Interpreter(), budget),
                    outcome(insns, new BytecodeExecutor(), budget), "budget " + budget);
        }
    }

    static String outcome(List<Insn> insns, Executor executor) {
        return outcome(insns, executor, 100_000_000);
    }

    /** The return value, or the fault's kind, instruction and message. */
    static String outcome(List<Insn> insns, Executor executor, long budget) {
        try {
            return "r0 " + BareMachine.run(insns, MEM, budget, executor);
        } catch (RunFault f) {
            return "fault " + f.kind() + " at " + f.insnIndex() + ": " + f.getMessage();
        }
    }
}
