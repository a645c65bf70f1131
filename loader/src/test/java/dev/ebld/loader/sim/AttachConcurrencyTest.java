package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.LinkTestSupport.returning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several threads (each its own process) attach and detach on one tcx hook with expected
 * revisions, retrying on ESTALE: every change counts exactly once in the revision, and ESTALE
 * comes only when the hook really moved on.
 */
class AttachConcurrencyTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 200;

    @Test
    void noUpdateIsLostAndEstaleOnlyWhenDue() throws Exception {
        SimKernel kernel = new SimKernel();
        Ifindex eth0 = kernel.createDevice("eth0");
        AtomicInteger stale = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            done.add(pool.submit(() -> {
                SimProcess p = kernel.rootProcess();
                ProgFd prog = returning(p, ProgType.SCHED_CLS, -1);
                int changes = 0;
                for (int i = 0; i < ROUNDS; i++) {
                    changes += retry(p, stale, rev -> p.progAttach(ProgAttachAttr.of(prog, eth0,
                            AttachType.TCX_INGRESS, MprogOpts.first().expecting(rev))), eth0);
                    changes += retry(p, stale, rev -> p.progDetach(ProgAttachAttr.of(prog, eth0,
                            AttachType.TCX_INGRESS, MprogOpts.APPEND.expecting(rev))), eth0);
                }
                return changes;
            }));
        }
        int changes = 0;
        for (Future<Integer> f : done) {
            changes += f.get();
        }
        pool.shutdown();
        SimProcess root = kernel.rootProcess();
        assertEquals(2 * THREADS * ROUNDS, changes);
        assertEquals(1 + changes, root.progQuery(eth0, AttachType.TCX_INGRESS).revision(),
                "each successful change moved the revision exactly once");
        assertEquals(0, root.progQuery(eth0, AttachType.TCX_INGRESS).progIds().size());
    }

    interface Change {
        void apply(long revision);
    }

    /** Applies {@code c} at the revision last seen, again after each ESTALE; returns 1. */
    private static int retry(SimProcess p, AtomicInteger stale, Change c, Ifindex dev) {
        for (;;) {
            long seen = p.progQuery(dev, AttachType.TCX_INGRESS).revision();
            try {
                c.apply(seen);
                return 1;
            } catch (KernelException e) {
                assertEquals(Errno.ESTALE, e.errno(), e.getMessage());
                // Due only if the hook really moved on (revisions only grow).
                assertNotEquals(seen, p.progQuery(dev, AttachType.TCX_INGRESS).revision());
                stale.incrementAndGet();
            }
        }
    }
}
