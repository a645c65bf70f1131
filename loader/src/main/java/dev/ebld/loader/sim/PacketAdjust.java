package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.ProgType;
import java.util.Arrays;

/**
 * bpf_xdp_adjust_head, bpf_xdp_adjust_meta and bpf_xdp_adjust_tail: move {@code data},
 * {@code data_meta} or {@code data_end} inside the XDP buffer, which here means moving the
 * packet region's window {@code [data_meta, data_end)} and the metadata length (see
 * {@link RunEnv}). The limits are the kernel's (net/core/filter.c): nothing may move into the
 * xdp_frame at the buffer start, at least an Ethernet header stays, the tail may not grow into
 * the tailroom, metadata stays a multiple of 4 bytes and at most {@link RunEnv#MAX_META}.
 * Failures leave the buffer as it was.
 */
final class PacketAdjust {
    private static final long EINVAL = -Errno.EINVAL.number();
    private static final long EACCES = -Errno.EACCES.number();
    private static final int ETH_HLEN = 14;

    private PacketAdjust() {
    }

    /**
     * Moves {@code data} by {@code delta}; the metadata moves with it, bytes and all, as the
     * kernel memmoves it to sit just before the new {@code data}.
     */
    static long head(RunEnv env, int delta) {
        if (env.type != ProgType.XDP) {
            return EINVAL;
        }
        int data = env.dataStart() + delta;
        int end = env.dataEndIndex();
        int meta = data - env.metaLen;
        if (meta < RunEnv.XDP_FRAME || data > end - ETH_HLEN) {
            return EINVAL;
        }
        byte[] buf = env.packet.data();
        System.arraycopy(buf, env.packet.base(), buf, meta, env.metaLen);
        env.packet.window(meta, end - meta);
        return 0;
    }

    /** Moves {@code data_meta} by {@code delta}: grows (negative) or shrinks the metadata. */
    static long meta(RunEnv env, int delta) {
        if (env.type != ProgType.XDP) {
            return EINVAL;
        }
        int meta = env.packet.base() + delta;
        int data = env.dataStart();
        if (meta < RunEnv.XDP_FRAME || meta > data) {
            return EINVAL;
        }
        int metaLen = data - meta;
        if (metaLen % 4 != 0 || metaLen > RunEnv.MAX_META) {
            return EACCES;
        }
        env.packet.window(meta, env.dataEndIndex() - meta);
        env.metaLen = metaLen;
        return 0;
    }

    /** Moves {@code data_end} by {@code delta}; grown bytes read as zero, as the kernel clears them. */
    static long tail(RunEnv env, int delta) {
        if (env.type != ProgType.XDP) {
            return EINVAL;
        }
        int end = env.dataEndIndex() + delta;
        int limit = env.packet.data().length - RunEnv.TAILROOM;
        if (end < env.dataStart() + ETH_HLEN || end > limit) {
            return EINVAL;
        }
        if (delta > 0) {
            Arrays.fill(env.packet.data(), env.dataEndIndex(), end, (byte) 0);
        }
        env.packet.window(env.packet.base(), end - env.packet.base());
        return 0;
    }
}
