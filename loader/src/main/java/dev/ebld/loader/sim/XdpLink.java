package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkType;
import java.util.Optional;

/**
 * An XDP link ({@code bpf_xdp_link}): owns the device's XDP hook, so nothing without the link can
 * replace its program (seed 002). Update swaps the program in place, as bpf_xdp_link_update.
 */
final class XdpLink extends SimLink {
    final SimDevice dev;

    XdpLink(int id, SimProg prog, SimDevice dev) {
        super(id, LinkType.XDP, prog);
        this.dev = dev;
    }

    @Override
    void unhook(SimKernel k) {
        if (dev.xdpLink == this) {
            dev.xdpLink = null;
            dev.xdpProg = null;
        }
    }

    @Override
    boolean detachable() {
        return true;
    }

    @Override
    boolean updatable() {
        return true;
    }

    @Override
    void swapIn(SimKernel k, SimProg next) {
        if (next.type != prog.type || !next.expectedAttachType.equals(prog.expectedAttachType)) {
            throw new KernelException(Errno.EINVAL, "program " + next.name + " is not an XDP"
                    + " program of the same attach type");
        }
        swapProg(k, next);
        dev.xdpProg = next;
    }

    @Override
    LinkInfo info() {
        return new LinkInfo(id(), type, prog.id(), detached ? Optional.empty()
                : Optional.of(dev.ifindex), Optional.of(AttachType.XDP), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
