package dev.ebld.loader.interp;

/**
 * The helper functions a run may call ({@code call imm}, {@code src 0}), by their ids in the
 * kernel's {@code enum bpf_func_id}. The interpreter itself handles the helpers that change
 * control flow ({@code bpf_tail_call}, {@code bpf_loop}); the environment (the simulated kernel,
 * or the bare conformance machine) supplies the rest.
 */
public interface Helpers {

    /** Whether helper {@code id} is available; the loader refuses programs calling others. */
    boolean supports(int id);

    /**
     * Calls helper {@code id} with arguments in {@code st.regs()[1..5]} and returns r0. Bad
     * arguments (a pointer into no region, a size past the end) are {@link RunFault}s naming
     * {@code pc}.
     */
    long call(int id, RunState st, int pc);

    /**
     * The program a tail call through {@code map} (a map handle pointer) at {@code index} reaches,
     * or null when there is none (then the tail call falls through, as in the kernel).
     */
    default ProgramImage tailCallTarget(RunState st, long map, long index, int pc) {
        return null;
    }
}
