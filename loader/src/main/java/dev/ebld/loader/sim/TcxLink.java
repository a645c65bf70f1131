package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkType;
import dev.ebld.loader.kernel.MprogOpts;
import java.util.Optional;

/**
 * A tcx link ({@code tcx_link}): holds its program's place in a device's ingress or egress chain.
 * Update replaces the program in that place, as tcx_link_update does through bpf_mprog.
 */
final class TcxLink extends SimLink {
    final SimDevice dev;
    final AttachType attachType;

    TcxLink(int id, SimProg prog, SimDevice dev, AttachType attachType) {
        super(id, LinkType.TCX, prog);
        this.dev = dev;
        this.attachType = attachType;
    }

    @Override
    void unhook(SimKernel k) {
        dev.tcx(attachType).detach(new Mprog.Tuple(prog, this), 0, Mprog.Tuple.NO_RELATIVE, 0);
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
        if (next.type != prog.type) {
            throw new KernelException(Errno.EINVAL, "program " + next.name + " is not a "
                    + prog.type + " program");
        }
        dev.tcx(attachType).attach(next, this, prog, MprogOpts.F_REPLACE, Mprog.Tuple.NO_RELATIVE, 0);
        swapProg(k, next);
    }

    @Override
    LinkInfo info() {
        return new LinkInfo(id(), type, prog.id(), detached ? Optional.empty()
                : Optional.of(dev.ifindex), Optional.of(attachType), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
