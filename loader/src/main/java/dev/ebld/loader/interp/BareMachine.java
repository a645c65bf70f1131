package dev.ebld.loader.interp;

import dev.ebld.insn.Insn;
import java.util.List;

/**
 * The machine of the bpf_conformance suite: no kernel, no maps, no verifier. The program gets a
 * writable copy of the test's memory in r1 and its length in r2 (the memory is also the packet
 * the legacy {@code BPF_ABS}/{@code BPF_IND} loads read), a 512-byte stack per frame, and a
 * handful of helpers that need no kernel ({@code bpf_ktime_get_ns}, {@code bpf_get_prandom_u32},
 * {@code bpf_get_smp_processor_id}, {@code bpf_get_current_pid_tgid}).
 */
public final class BareMachine {
    private BareMachine() {
    }

    /**
     * Runs {@code insns} from instruction 0 over a copy of {@code memory} and returns r0. Any
     * {@code ld_imm64} other than a plain constant or a function address is refused.
     *
     * @throws RunFault when the program faults or exhausts {@code budget} instructions
     */
    public static long run(List<Insn> insns, byte[] memory, long budget) {
        return run(insns, memory, budget, new Interpreter());
    }

    /** As {@link #run(List, byte[], long)}, on {@code executor}. */
    public static long run(List<Insn> insns, byte[] memory, long budget, Executor executor) {
        ProgramImage image = ProgramImage.decode("main", insns, (ld, slot) -> {
            throw new RunFault(RunFault.Kind.BAD_INSN, slot, "ld_imm64 with pseudo source "
                    + ld.src() + " needs a kernel");
        });
        AddressSpace space = new AddressSpace();
        RunState st = new RunState(space, new BareHelpers()).budget(budget).reset();
        Region mem = space.add(Region.memory("memory", memory.clone(), 0, memory.length, true));
        st.regs()[1] = memory.length == 0 ? 0 : AddressSpace.pointer(mem, 0);
        st.regs()[2] = memory.length;
        st.packet(mem); // the legacy packet loads (BPF_ABS, BPF_IND) read the memory

        return executor.execute(image, st);
    }

    /** Helpers that need nothing but the clock and a random source. */
    static final class BareHelpers implements Helpers {
        private final java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        private final HelperTable table = HelperTable.builder("the bare machine (no kernel)")
                .add(HelperIds.KTIME_GET_NS, (st, pc) -> System.nanoTime())
                .add(HelperIds.GET_PRANDOM_U32, (st, pc) -> random.nextInt() & 0xffff_ffffL)
                .add(HelperIds.GET_SMP_PROCESSOR_ID, (st, pc) -> 0)
                .add(HelperIds.GET_CURRENT_PID_TGID, (st, pc) -> pidTgid())
                .build();

        @Override
        public HelperTable table() {
            return table;
        }

        private static long pidTgid() {
            long pid = ProcessHandle.current().pid();
            return pid << 32 | pid;
        }
    }
}
