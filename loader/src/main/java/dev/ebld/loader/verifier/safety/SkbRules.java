package dev.ebld.loader.verifier.safety;

import static dev.ebld.loader.verifier.safety.CtxModel.SKB_CB;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_CB_END;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_DATA;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_DATA_END;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_DATA_META;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_FAMILY;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_FLOW_KEYS;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_HWTSTAMP;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_LOCAL_PORT_END;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_SIZE;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_SK;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_TSTAMP;
import static dev.ebld.loader.verifier.safety.CtxModel.SKB_TSTAMP_TYPE;

import dev.ebld.loader.verifier.state.RegType;
import java.util.Optional;

/**
 * {@code struct __sk_buff} access for socket filters and cgroup_skb programs: the kernel's
 * {@code sk_filter_is_valid_access} and {@code cg_skb_is_valid_access}, each a list of fields
 * the type may not touch or may write, over the rules every skb program shares
 * ({@code bpf_skb_is_valid_access}). Offsets are checked non-negative, aligned and in the
 * struct before these run.
 */
final class SkbRules {
    private static final int MARK = 8, PRIORITY = 32, TC_CLASSID = 72, WIRE_LEN = 160;

    private SkbRules() {
    }

    /** Socket filters: no packet pointers, no tc or socket fields; only cb[] is writable. */
    static Optional<RegType> socketFilter(int off, int size, boolean write) {
        if (field(off, TC_CLASSID, 4) || field(off, SKB_DATA, 4) || field(off, SKB_DATA_META, 4)
                || field(off, SKB_DATA_END, 4) || off >= SKB_FAMILY && off < SKB_LOCAL_PORT_END
                || field(off, SKB_TSTAMP, 8) || field(off, WIRE_LEN, 4) || field(off, SKB_HWTSTAMP, 8)) {
            return Optional.empty();
        }
        if (write && !cb(off)) {
            return Optional.empty();
        }
        return shared(off, size, write);
    }

    /**
     * cgroup_skb: packet data and end readable when privileged (CAP_BPF), the socket fields
     * readable, mark, priority, cb[] (and, privileged, tstamp) writable.
     */
    static Optional<RegType> cgroupSkb(int off, int size, boolean write, boolean privileged) {
        if (field(off, TC_CLASSID, 4) || field(off, SKB_DATA_META, 4) || field(off, WIRE_LEN, 4)
                || !privileged && (field(off, SKB_DATA, 4) || field(off, SKB_DATA_END, 4))) {
            return Optional.empty();
        }
        if (write && !(field(off, MARK, 4) || field(off, PRIORITY, 4) || cb(off)
                || privileged && field(off, SKB_TSTAMP, 8))) {
            return Optional.empty();
        }
        Optional<RegType> r = shared(off, size, write);
        if (r.isPresent() && (off == SKB_DATA || off == SKB_DATA_END)) {
            return Optional.of(off == SKB_DATA ? RegType.PACKET : RegType.PACKET_END);
        }
        return r;
    }

    /** bpf_skb_is_valid_access: what any skb program may read (narrowly) or write (whole u32). */
    private static Optional<RegType> shared(int off, int size, boolean write) {
        if (off >= SKB_SIZE) {
            return Optional.empty();
        }
        boolean ok;
        if (cb(off)) {
            ok = off + size <= SKB_CB_END;
        } else if (off == SKB_DATA || off == SKB_DATA_END || off == SKB_DATA_META) {
            ok = size == 4;
        } else if (field(off, SKB_FLOW_KEYS, 8) || off == SKB_SK || off >= SKB_TSTAMP_TYPE && off < SKB_HWTSTAMP) {
            // sk would be a socket pointer, which this verifier does not model: refused.
            ok = false;
        } else if (off == SKB_TSTAMP || off == SKB_HWTSTAMP) {
            ok = size == 8 && !(write && off == SKB_HWTSTAMP);
        } else {
            ok = write ? size == 4 : size <= 4;
        }
        return ok ? Optional.of(RegType.SCALAR) : Optional.empty();
    }

    private static boolean cb(int off) {
        return off >= SKB_CB && off < SKB_CB_END;
    }

    private static boolean field(int off, int start, int size) {
        return off >= start && off < start + size;
    }
}
