package dev.ebld.loader.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HelperTable}: what a machine claims to support is exactly what it dispatches. */
public class HelperTableTest {
    /** Past the last kernel helper id, so ids no table knows are covered too. */
    private static final int MAX_ID = 300;

    /**
     * Calls every helper id from 0 to {@link #MAX_ID} on {@code h} with zeroed arguments and
     * checks that {@code supports(id)} holds exactly when {@code call(id)} reaches an
     * implementation (it returns, or faults on its arguments) rather than refusing the id.
     * Returns the ids dispatched.
     */
    public static List<Integer> assertSupportsMatchesCall(Helpers h, RunState st) {
        List<Integer> dispatched = new ArrayList<>();
        for (int id = 0; id <= MAX_ID; id++) {
            boolean reached;
            st.reset();
            try {
                h.call(id, st, 7);
                reached = true;
            } catch (RunFault f) {
                assertEquals(7, f.insnIndex(), "helper " + id + ": " + f.getMessage());
                reached = !(f.kind() == RunFault.Kind.BAD_HELPER
                        && f.getMessage().contains("is not implemented by"));
            }
            assertEquals(h.supports(id), reached, HelperIds.describe(id)
                    + ": supports() and call() disagree");
            if (reached) {
                dispatched.add(id);
            }
        }
        return dispatched;
    }

    @Test
    void bareMachineDispatchesWhatItSupports() {
        Helpers h = new BareMachine.BareHelpers();
        List<Integer> ids = assertSupportsMatchesCall(h, new RunState(new AddressSpace(), h));
        assertEquals(List.of(HelperIds.KTIME_GET_NS, HelperIds.GET_PRANDOM_U32,
                HelperIds.GET_SMP_PROCESSOR_ID, HelperIds.GET_CURRENT_PID_TGID), ids);
        assertArrayEquals(ids.stream().mapToInt(Integer::intValue).toArray(), h.table().ids());
    }

    @Test
    void interpreterHelpersAreNoMachinesToImplement() {
        assertTrue(Helpers.runByInterpreter(HelperIds.TAIL_CALL));
        assertTrue(Helpers.runByInterpreter(HelperIds.LOOP));
        assertFalse(Helpers.runByInterpreter(HelperIds.MAP_LOOKUP_ELEM));
        HelperTable.Builder b = HelperTable.builder("test");
        assertThrows(IllegalArgumentException.class, () -> b.add(HelperIds.LOOP, (st, pc) -> 0));
        assertThrows(IllegalArgumentException.class, () -> b.add(0, (st, pc) -> 0));
    }

    @Test
    void anIdHasOneImplementation() {
        HelperTable.Builder b = HelperTable.builder("test").add(HelperIds.KTIME_GET_NS, (st, pc) -> 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.add(HelperIds.KTIME_GET_NS, (st, pc) -> 2));
        assertTrue(e.getMessage().contains("bpf_ktime_get_ns (id 5)"), e.getMessage());
    }

    @Test
    void aMissingHelperFaultNamesHelperAndMachine() {
        HelperTable t = HelperTable.builder("the test machine").build();
        RunFault f = assertThrows(RunFault.class, () -> t.call(HelperIds.REDIRECT, null, 3));
        assertEquals(RunFault.Kind.BAD_HELPER, f.kind());
        assertEquals(3, f.insnIndex());
        assertTrue(f.getMessage().contains("bpf_redirect (id 23) is not implemented by the test machine"),
                f.getMessage());
    }
}
