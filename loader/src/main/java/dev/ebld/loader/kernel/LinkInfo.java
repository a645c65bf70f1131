package dev.ebld.loader.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code BPF_OBJ_GET_INFO_BY_FD} for a link. The target fields that apply to the link's kind are
 * set; a device link that was detached (by {@code BPF_LINK_DETACH}) reports no ifindex, as the
 * kernel reports ifindex 0.
 *
 * @param targetProgId for an extension link, the program whose function it replaces
 * @param targetBtfId for an extension link, that function's id in the target's BTF
 */
public record LinkInfo(ObjectId id, LinkType type, ObjectId progId, Optional<Ifindex> ifindex,
        Optional<AttachType> attachType, Optional<ObjectId> targetProgId,
        Optional<BtfId> targetBtfId, Optional<String> tracepoint) {
    public LinkInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(progId, "progId");
        Objects.requireNonNull(ifindex, "ifindex");
        Objects.requireNonNull(attachType, "attachType");
        Objects.requireNonNull(targetProgId, "targetProgId");
        Objects.requireNonNull(targetBtfId, "targetBtfId");
        Objects.requireNonNull(tracepoint, "tracepoint");
    }
}
