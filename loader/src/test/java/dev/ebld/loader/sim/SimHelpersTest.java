package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebld.loader.interp.HelperIds;
import dev.ebld.loader.interp.HelperTableTest;
import dev.ebld.loader.interp.RunState;
import dev.ebld.loader.kernel.ProgType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SimHelpers}: the helpers the simulated kernel accepts at load are the ones a run reaches. */
class SimHelpersTest {
    @Test
    void simulatedKernelDispatchesWhatItSupports() {
        SimKernel k = new SimKernel();
        SimHelpers h = k.helpers();
        RunState st = new RunState(k.space(), h);
        st.env(new RunEnv(ProgType.SCHED_CLS, 0));
        List<Integer> ids = HelperTableTest.assertSupportsMatchesCall(h, st);
        assertEquals(List.of(HelperIds.MAP_LOOKUP_ELEM, HelperIds.MAP_UPDATE_ELEM,
                HelperIds.MAP_DELETE_ELEM, HelperIds.KTIME_GET_NS, HelperIds.TRACE_PRINTK,
                HelperIds.GET_PRANDOM_U32, HelperIds.GET_SMP_PROCESSOR_ID,
                HelperIds.GET_CURRENT_PID_TGID, HelperIds.REDIRECT, HelperIds.PERF_EVENT_OUTPUT,
                HelperIds.GET_CURRENT_TASK, HelperIds.XDP_ADJUST_HEAD, HelperIds.REDIRECT_MAP,
                HelperIds.XDP_ADJUST_META, HelperIds.XDP_ADJUST_TAIL,
                HelperIds.SPIN_LOCK, HelperIds.SPIN_UNLOCK, HelperIds.PROBE_READ_KERNEL,
                HelperIds.PROBE_READ_KERNEL_STR, HelperIds.RINGBUF_OUTPUT,
                HelperIds.RINGBUF_RESERVE, HelperIds.RINGBUF_SUBMIT, HelperIds.RINGBUF_DISCARD),
                ids);
        assertArrayEquals(ids.stream().mapToInt(Integer::intValue).toArray(), h.table().ids());
    }
}
