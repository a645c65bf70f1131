package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.LinkTestSupport.FRAME;
import static dev.ebld.loader.sim.LinkTestSupport.errno;
import static dev.ebld.loader.sim.LinkTestSupport.returning;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.ProgType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The 2019 chain-call RFC, behind its opt-in switch. */
class ChainCallsTest {
    private final SimKernel kernel = new SimKernel();
    private final SimProcess root = kernel.rootProcess();
    private final Ifindex eth0 = kernel.createDevice("eth0");

    private ProgFd chained(int ret) {
        return root.progLoad(new ProgLoadAttr(ProgType.XDP, Optional.empty(), "chained" + ret,
                Asm.insns("b7 0 0 0 " + ret + "; 95 0 0 0 0"), "GPL", Optional.empty(), List.of(),
                List.of(), LogOptions.NONE, Optional.empty(), Optional.empty(), List.of(),
                SimKernel.F_CHAIN_CALLS_RFC2019)).fd();
    }

    @Test
    void offUnlessEnabled() {
        assertEquals(Errno.EINVAL, assertThrowsLoad(), "the load flag is unknown");
        ProgFd p = returning(root, ProgType.XDP, 2);
        assertEquals(Errno.EINVAL, errno(() -> root.chainAdd(p, 2, p)), "the commands are unknown");
    }

    private Errno assertThrowsLoad() {
        return org.junit.jupiter.api.Assertions.assertThrows(ProgLoadException.class, () -> chained(2)).errno();
    }

    @Test
    void theEntryForTheReturnCodeOrTheWildcardRunsNext() {
        kernel.enableChainCallsRfc2019();
        ProgFd first = chained(2);
        ProgFd onPass = chained(1);
        ProgFd any = returning(root, ProgType.XDP, 3);
        root.linkCreate(LinkCreateAttr.of(first, new LinkTarget.Device(eth0, AttachType.XDP)));
        assertEquals(2, kernel.inject(eth0, FRAME).retval(), "no entries: the program alone");
        root.chainAdd(first, 2, onPass);
        assertEquals(1, kernel.inject(eth0, FRAME).retval());
        root.chainAdd(onPass, SimKernel.CHAIN_WILDCARD, any);
        assertEquals(3, kernel.inject(eth0, FRAME).retval(), "pass -> onPass -> (any) -> any");
        assertEquals(root.progInfo(onPass).id(), root.chainGet(first, 2));
        root.chainDel(first, 2);
        assertEquals(Errno.ENOENT, errno(() -> root.chainDel(first, 2)));
        assertEquals(Errno.ENOENT, errno(() -> root.chainGet(first, 1)));
        assertEquals(Errno.E2BIG, errno(() -> root.chainAdd(first, 7, any)));
        assertEquals(Errno.EOPNOTSUPP, errno(() -> root.chainAdd(any, 2, first)), "any did not opt in");
        assertEquals(2, kernel.inject(eth0, FRAME).retval());
    }

    @Test
    void slotsHoldTheirPrograms() {
        kernel.enableChainCallsRfc2019();
        ProgFd first = chained(2);
        ProgFd next = returning(root, ProgType.XDP, 1);
        root.chainAdd(first, 2, next);
        root.close(next);
        assertEquals(2, kernel.liveObjects(Fd.Kind.PROG));
        root.close(first);
        assertEquals(0, kernel.liveObjects(Fd.Kind.PROG), "freeing the first released its slots");
    }
}
