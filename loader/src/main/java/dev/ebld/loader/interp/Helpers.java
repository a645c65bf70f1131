package dev.ebld.loader.interp;

/**
 * The helper functions a run may call ({@code call imm}, {@code src 0}), by their ids in the
 * kernel's {@code enum bpf_func_id}. The interpreter itself handles the helpers that change
 * control flow ({@code bpf_tail_call}, {@code bpf_loop}, see {@link #runByInterpreter}); the
 * environment (the simulated kernel, or the bare conformance machine) supplies the rest in one
 * {@link HelperTable}, which both {@link #supports} and {@link #call} read.
 */
public interface Helpers {

    /** The helpers this environment implements. */
    HelperTable table();

    /**
     * Whether the environment implements helper {@code id}; the loader refuses programs calling
     * others (except the ones the interpreter runs itself).
     */
    default boolean supports(int id) {
        return table().has(id);
    }

    /**
     * Calls helper {@code id} with arguments in {@code st.regs()[1..5]} and returns r0. Bad
     * arguments (a pointer into no region, a size past the end) and helpers the environment does
     * not implement are {@link RunFault}s naming {@code pc}.
     */
    default long call(int id, RunState st, int pc) {
        return table().call(id, st, pc);
    }

    /**
     * The program a tail call through {@code map} (a map handle pointer) at {@code index} reaches,
     * or null when there is none (then the tail call falls through, as in the kernel).
     */
    default ProgramImage tailCallTarget(RunState st, long map, long index, int pc) {
        return null;
    }

    /**
     * Whether the interpreter runs helper {@code id} itself, on every machine: the helpers that
     * change control flow ({@code bpf_tail_call}, {@code bpf_loop}). No table implements them.
     */
    static boolean runByInterpreter(int id) {
        return id == HelperIds.TAIL_CALL || id == HelperIds.LOOP;
    }
}
