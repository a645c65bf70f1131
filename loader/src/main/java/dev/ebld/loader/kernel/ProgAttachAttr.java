package dev.ebld.loader.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code BPF_PROG_ATTACH} and {@code BPF_PROG_DETACH} for a device hook without a link (tcx):
 * {@code target_ifindex}, {@code attach_type}, the bpf_mprog directive, and for
 * {@link MprogOpts#F_REPLACE} the program to replace ({@code replace_bpf_fd}). A detach may name
 * no program and let the directive pick the first or last one.
 */
public record ProgAttachAttr(Optional<ProgFd> prog, Ifindex ifindex, AttachType attachType,
        MprogOpts mprog, Optional<ProgFd> replaceProg) {
    public ProgAttachAttr {
        Objects.requireNonNull(prog, "prog");
        Objects.requireNonNull(ifindex, "ifindex");
        Objects.requireNonNull(attachType, "attachType");
        Objects.requireNonNull(mprog, "mprog");
        Objects.requireNonNull(replaceProg, "replaceProg");
    }

    /** Attach or detach {@code prog} with directive {@code mprog}. */
    public static ProgAttachAttr of(ProgFd prog, Ifindex ifindex, AttachType type, MprogOpts mprog) {
        return new ProgAttachAttr(Optional.of(prog), ifindex, type, mprog, Optional.empty());
    }
}
