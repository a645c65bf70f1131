package dev.ebld.cli.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.kernel.TestRunAttr;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's dispatchers compute the same thing both ways: with N components, a frame of
 * component K's EtherType (0x88b5 + K) is dropped by slot K when K is below N and passed
 * otherwise, linked statically or extended dynamically.
 */
class SimBenchTest {
    private final SimBench bench = new SimBench(SimBench.fixtures(null));

    private static byte[] frame(int etherType) {
        byte[] f = new byte[64];
        f[12] = (byte) (etherType >> 8);
        f[13] = (byte) etherType;
        return f;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10})
    void linkedAndExtendedDispatchersAgree(int n) throws Exception {
        SimBench.Dispatcher linked = SimBench.Dispatcher.linked(bench, n);
        SimBench.Dispatcher extended = SimBench.Dispatcher.extended(bench, n);
        for (int k = 0; k <= n; k++) {
            byte[] f = frame(0x88b5 + k);
            long expected = k < n ? 1 : 2; // XDP_DROP by slot k, else XDP_PASS
            assertEquals(expected, linked.proc.progTestRun(linked.rootlet(), TestRunAttr.packet(f)).retval(),
                    "static, slot " + k);
            assertEquals(expected, extended.proc.progTestRun(extended.rootlet(), TestRunAttr.packet(f)).retval(),
                    "dynamic, slot " + k);
        }
        assertEquals(n, extended.extensions.size());
    }

    @Test
    void attachTableTimesBothMethods() throws Exception {
        StringWriter out = new StringWriter();
        bench.attachTable(new PrintWriter(out, true));
        assertTrue(out.toString().matches("(?s).*dynamic: load comp1_ext.*\\d+\\.\\d us.*static: relink.*\\d+\\.\\d us.*"),
                out.toString());
    }
}
