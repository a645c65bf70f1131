package dev.ebld.loader.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code BPF_LINK_UPDATE}: swap the link's program for {@code newProg} atomically. With
 * {@link #F_REPLACE} and {@code oldProg} the swap happens only if the link still runs
 * {@code oldProg} (EPERM otherwise); {@code oldProg} without the flag is EINVAL.
 */
public record LinkUpdateAttr(ProgFd newProg, Optional<ProgFd> oldProg, int flags) {
    /** {@code BPF_F_REPLACE}. */
    public static final int F_REPLACE = 1 << 2;

    public LinkUpdateAttr {
        Objects.requireNonNull(newProg, "newProg");
        Objects.requireNonNull(oldProg, "oldProg");
    }

    /** Unconditional update. */
    public static LinkUpdateAttr to(ProgFd newProg) {
        return new LinkUpdateAttr(newProg, Optional.empty(), 0);
    }

    /** Update only if the link still runs {@code expected}. */
    public static LinkUpdateAttr replacing(ProgFd expected, ProgFd newProg) {
        return new LinkUpdateAttr(newProg, Optional.of(expected), F_REPLACE);
    }
}
