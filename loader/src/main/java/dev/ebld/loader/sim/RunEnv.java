package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.ProgType;

/**
 * What the helpers of one run need beyond registers: the program type (helpers answer per
 * type, e.g. bpf_redirect), the CPU, and for packet programs the buffer with the packet and its
 * metadata, which {@link RunFrame} lays out. XDP buffers keep {@link #HEADROOM} bytes in front
 * of the packet, as XDP_PACKET_HEADROOM, so bpf_xdp_adjust_head and bpf_xdp_adjust_meta can grow
 * into it.
 *
 * <p>Metadata and packet are one region, {@link #packet}, as they are one buffer in the kernel:
 * its window is {@code [data_meta, data_end)} and {@code data} lies {@link #metaLen} bytes into
 * it. So {@code data_meta}, {@code data} and {@code data_end} are pointers into the same region
 * and every comparison between them is the kernel's (a program checking
 * {@code data_meta + 8 > data} with 4 bytes of metadata takes the kernel's branch), while an
 * access still cannot reach the headroom before {@code data_meta} or the tailroom after
 * {@code data_end}. Reading past {@code data} from a metadata pointer is the verifier's to refuse,
 * as in the kernel; here it would read packet bytes, never bytes outside the window.
 *
 * <p>A socket buffer has the same layout. It carries metadata only on one path: a frame an XDP
 * program passed meets the tcx ingress chain with the metadata that program left, as
 * bpf_prog_run_generic_xdp's skb_metadata_set keeps it, so {@code __sk_buff->data_meta} lies
 * that many bytes before {@code data}. Elsewhere (skb test runs, egress, a cpumap redirect's
 * frame) {@link #metaLen} is 0 and {@code data_meta} is {@code data}.
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
    /**
     * The most metadata xdp_metalen_invalid allows: what skb_shared_info's one-byte meta_len
     * holds (older kernels allowed 32; 255 is measured on 6.18). Metadata is also a multiple of
     * 4 bytes.
     */
    static final int MAX_META = 255;

    final ProgType type;
    final int cpu;
    /** The buffer's window {@code [data_meta, data_end)}: metadata, then the packet. */
    Region packet;
    /** Bytes of metadata at the window's start, before the packet ({@code data - data_meta}). */
    int metaLen;
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
        return AddressSpace.pointer(packet, metaLen);
    }

    /** {@code data_end}: one past the packet's last byte. */
    long dataEnd() {
        return AddressSpace.pointer(packet, packet.size());
    }

    /**
     * {@code data_meta}: the first byte of metadata in front of the packet; {@code data} itself
     * when there is none, as in the kernel. The same region as {@code data}, so a bounds check
     * such as {@code if (data_meta + 8 > data)} compares byte positions in the one buffer.
     */
    long dataMeta() {
        return AddressSpace.pointer(packet, 0);
    }

    /** Where the packet ({@code data}) starts in the buffer. */
    int dataStart() {
        return packet.base() + metaLen;
    }

    /** The packet's length ({@code data_end - data}), metadata not counted. */
    int dataLen() {
        return packet.size() - metaLen;
    }

    /** One past the packet's last byte in the buffer ({@code data_end}). */
    int dataEndIndex() {
        return packet.base() + packet.size();
    }
}
