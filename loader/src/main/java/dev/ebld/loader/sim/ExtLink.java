package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkType;
import java.util.Optional;

/**
 * An extension link (a tracing link of a {@code freplace} program): while it exists, every call to
 * the target function, and a run of the target when the function is its main one, runs the
 * extension. It holds the target program; the target holds nothing back (seed 004), so the
 * replacement ends exactly when the link's last fd and pin go, and the original code runs again.
 * Like the kernel's tracing links it has neither detach nor update.
 */
final class ExtLink extends SimLink {
    final ExtTarget target;

    ExtLink(int id, SimProg ext, ExtTarget target) {
        super(id, LinkType.TRACING, ext);
        this.target = target;
        target.prog().hold();
        target.prog().image.replace(target.entrySlot(), ext.image);
    }

    @Override
    void unhook(SimKernel k) {
        if (target.prog().image.replacement(target.entrySlot()) == prog.image) {
            target.prog().image.replace(target.entrySlot(), null);
        }
        target.prog().put(k);
    }

    @Override
    boolean detachable() {
        return false;
    }

    @Override
    LinkInfo info() {
        return new LinkInfo(id(), type, prog.id(), Optional.empty(), Optional.empty(),
                Optional.of(target.prog().id()), Optional.of(target.function()), Optional.empty());
    }
}
