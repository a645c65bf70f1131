package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;

/**
 * bpf_xdp_adjust_head and bpf_xdp_adjust_tail: move the packet's start or end inside the XDP
 * buffer. As in the kernel (net/core/filter.c), the head may not move into the xdp_frame at the
 * buffer start nor leave less than an Ethernet header, the tail may not cut below an Ethernet
 * header nor grow into the tailroom; metadata moves with the head. Failures are -EINVAL and leave
 * the packet as it was.
 */
final class PacketAdjust {
    private static final long EINVAL = -Errno.EINVAL.number();
    private static final int ETH_HLEN = 14;

    private PacketAdjust() {
    }

    static long head(RunEnv env, int delta) {
        if (env.type != dev.ebld.loader.kernel.ProgType.XDP) {
            return EINVAL;
        }
        int data = env.packet.base() + delta;
        int end = env.packet.base() + env.packet.size();
        int metaStart = data - env.metaLen;
        if (metaStart < RunEnv.XDP_FRAME || data > end - ETH_HLEN) {
            return EINVAL;
        }
        env.packet.window(data, end - data);
        env.meta.window(metaStart, env.metaLen);
        return 0;
    }

    static long tail(RunEnv env, int delta) {
        if (env.type != dev.ebld.loader.kernel.ProgType.XDP) {
            return EINVAL;
        }
        int newSize = env.packet.size() + delta;
        int limit = env.packet.data().length - RunEnv.TAILROOM;
        if (newSize < ETH_HLEN || env.packet.base() + newSize > limit) {
            return EINVAL;
        }
        if (delta > 0) {
            // Grown bytes read as zero, as the kernel clears them.
            java.util.Arrays.fill(env.packet.data(), env.packet.base() + env.packet.size(),
                    env.packet.base() + newSize, (byte) 0);
        }
        env.packet.window(env.packet.base(), newSize);
        return 0;
    }
}
