package dev.ebld.loader.sim;

import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Small programs and assertions the link and attach tests share. */
final class LinkTestSupport {
    /** An Ethernet frame that is otherwise all zeros. */
    static final byte[] FRAME = new byte[64];

    private LinkTestSupport() {
    }

    /** A program of {@code type} that returns {@code ret}. */
    static ProgFd returning(SimProcess p, ProgType type, int ret) {
        return p.progLoad(ProgLoadAttr.of(type, "ret" + (ret < 0 ? "m" + -ret : ret),
                Asm.insns("b7 0 0 0 " + ret + "; 95 0 0 0 0"))).fd();
    }

    /** The errno {@code call} fails with. */
    static Errno errno(Executable call) {
        return assertThrows(KernelException.class, call).errno();
    }
}
