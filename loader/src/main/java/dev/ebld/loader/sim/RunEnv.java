package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.ProgType;

/**
 * What the helpers of one run need beyond registers: the program type (helpers answer per
 * type, e.g. bpf_redirect), the CPU, and for packet programs the buffer with the packet's window
 * ({@code packet}) and metadata, which {@link RunFrame} lays out. XDP buffers keep
 * {@link #HEADROOM} bytes in front of the packet, as XDP_PACKET_HEADROOM, so
 * bpf_xdp_adjust_head can grow it.
 */
final class RunEnv {
    /** XDP_PACKET_HEADROOM. */
    static final int HEADROOM = 256;
    /** Bytes the kernel keeps after the XDP frame for skb_shared_info (tailroom). */
    static final int TAILROOM = 320;
    /** The XDP test run's buffer, one page. */
    static final int XDP_BUFFER = 4096;
    /** sizeof(struct xdp_frame) at the buffer start, which bpf_xdp_adjust_head may not reach. */
    static final int XDP_FRAME = 40;

    final ProgType type;
    final int cpu;
    Region packet;
    /** Bytes of metadata just before the packet (xdp data_meta). */
    int metaLen;
    Region meta;
    /** Where XDP_REDIRECT / TC_ACT_REDIRECT sends the frame: an ifindex, 0 for none known. */
    int redirectIfindex;
    /** The CPU a cpumap redirect sends the XDP frame to (up its network stack); -1 for none. */
    int redirectCpu = -1;
    /**
     * The index the last redirect helper named (bpf_redirect_info's tgt_index): an ifindex for
     * bpf_redirect, a map key for bpf_redirect_map. A bpf_redirect_map miss leaves it, and the
     * kernel then redirects to it as an ifindex.
     */
    long redirectIndex;
    /**
     * The last bpf_redirect_map call when it found no entry, and the fallback action it answered
     * ({@link #missAnswer}); null when the last redirect helper aimed the frame somewhere.
     */
    RedirectMiss redirectMiss;
    long missAnswer;

    RunEnv(ProgType type, int cpu) {
        this.type = type;
        this.cpu = cpu;
    }

    /** The pointer a context's {@code data} field loads: the packet's first byte. */
    long data() {
        return AddressSpace.pointer(packet, 0);
    }

    /** {@code data_end}: one past the packet's last byte. */
    long dataEnd() {
        return AddressSpace.pointer(packet, packet.size());
    }

    /**
     * {@code data_meta}: the first byte of metadata in front of the packet. Without metadata it
     * is {@code data} itself, as in the kernel: metadata and packet are separate regions here, so
     * a pointer into the empty metadata region would compare below {@code data} whatever is
     * added to it, and {@code if (data_meta + 4 > data)} would let a program read metadata that
     * is not there. (With metadata, a check for more bytes than there are still compares wrong;
     * the regions would have to share one pointer slot.)
     */
    long dataMeta() {
        return metaLen == 0 ? data() : AddressSpace.pointer(meta, 0);
    }
}
