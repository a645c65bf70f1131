package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkType;
import java.util.Optional;

/**
 * A raw tracepoint link ({@code bpf_raw_tp_link}): the program runs when the tracepoint fires
 * ({@link SimKernel#fireRawTracepoint}). Like the kernel's, it has neither detach nor update: it
 * goes when its last fd and pin go.
 */
final class RawTpLink extends SimLink {
    final String tracepoint;

    RawTpLink(int id, SimProg prog, String tracepoint) {
        super(id, LinkType.RAW_TRACEPOINT, prog);
        this.tracepoint = tracepoint;
    }

    @Override
    void unhook(SimKernel k) {
        k.rawTracepoints().remove(this);
    }

    @Override
    boolean detachable() {
        return false;
    }

    @Override
    LinkInfo info() {
        return new LinkInfo(id(), type, prog.id(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(tracepoint));
    }
}
