package dev.ebld.loader.kernel;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code BPF_PROG_QUERY} of a hook: the programs in run order, for each the link that holds it
 * (empty where it was attached without a link: the kernel's link id 0), and the hook's revision,
 * which an attach may pass back as its expected revision.
 */
public record ProgQueryResult(long revision, List<ObjectId> progIds,
        List<Optional<ObjectId>> linkIds, int attachFlags) {
    public ProgQueryResult {
        progIds = List.copyOf(progIds);
        linkIds = List.copyOf(linkIds);
        if (progIds.size() != linkIds.size()) {
            throw new IllegalArgumentException("one link id per program");
        }
        linkIds.forEach(l -> Objects.requireNonNull(l, "link id"));
    }
}
