package dev.ebld.loader.kernel;

import java.util.Objects;

/**
 * {@code BPF_LINK_CREATE}'s attributes: the program, its target, and for a multi-program hook
 * (tcx) where it goes ({@link MprogOpts}; {@link MprogOpts#APPEND} elsewhere).
 *
 * @param xdpFlags for an XDP link, the mode flags ({@code XDP_FLAGS_*} without the attach
 *     policy flags, which links do not take); 0 otherwise
 */
public record LinkCreateAttr(ProgFd prog, LinkTarget target, MprogOpts mprog, int xdpFlags) {
    public LinkCreateAttr {
        Objects.requireNonNull(prog, "prog");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mprog, "mprog");
    }

    /** A link with no placement directive and no flags. */
    public static LinkCreateAttr of(ProgFd prog, LinkTarget target) {
        return new LinkCreateAttr(prog, target, MprogOpts.APPEND, 0);
    }
}
