package dev.ebld.loader.verifier.safety;

import static dev.ebld.loader.verifier.safety.HelperProto.Arg.*;

import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.verifier.safety.HelperProto.Arg;
import dev.ebld.loader.verifier.safety.HelperProto.Ret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The helpers this verifier models, with their prototypes (from include/uapi/linux/bpf.h and the
 * kernel's {@code *_proto} definitions) and which program types may call them
 * ({@code bpf_base_func_proto} for all, plus the XDP and tc sets). A helper id not in this table
 * is refused by name, never accepted.
 */
public final class Helpers {
    /** {@code bpf_loop}: the helper whose callback the verifier iterates ({@link CallCheck}). */
    static final int LOOP = 181;
    private static final Map<Integer, HelperProto> ALL = new HashMap<>();
    private static final Set<Integer> PACKET_ONLY = Set.of(23, 44, 54, 65, 51, 28, 26, 9);
    private static final Set<Integer> XDP_ONLY = Set.of(44, 54, 65);
    private static final Set<Integer> TC_ONLY = Set.of(26, 9);

    static {
        add(1, "map_lookup_elem", Ret.MAP_VALUE_OR_NULL, CONST_MAP_PTR, MAP_KEY);
        add(2, "map_update_elem", Ret.INTEGER, CONST_MAP_PTR, MAP_KEY, MAP_VALUE, ANYTHING);
        add(3, "map_delete_elem", Ret.INTEGER, CONST_MAP_PTR, MAP_KEY);
        add(5, "ktime_get_ns", Ret.INTEGER);
        add(6, "trace_printk", Ret.INTEGER, MEM, CONST_SIZE);
        add(7, "get_prandom_u32", Ret.INTEGER);
        add(8, "get_smp_processor_id", Ret.INTEGER);
        add(9, "skb_store_bytes", Ret.INTEGER, CTX, ANYTHING, MEM, CONST_SIZE, ANYTHING);
        add(12, "tail_call", Ret.VOID, CTX, CONST_MAP_PTR, ANYTHING);
        add(14, "get_current_pid_tgid", Ret.INTEGER);
        add(35, "get_current_task", Ret.INTEGER);
        add(23, "redirect", Ret.INTEGER, ANYTHING, ANYTHING);
        add(25, "perf_event_output", Ret.INTEGER, CTX, CONST_MAP_PTR, ANYTHING, MEM, CONST_SIZE_OR_ZERO);
        add(26, "skb_load_bytes", Ret.INTEGER, CTX, ANYTHING, UNINIT_MEM, CONST_SIZE);
        add(28, "csum_diff", Ret.INTEGER, MEM_OR_NULL, CONST_SIZE_OR_ZERO, MEM_OR_NULL,
                CONST_SIZE_OR_ZERO, ANYTHING);
        add(44, "xdp_adjust_head", Ret.INTEGER, CTX, ANYTHING);
        add(51, "redirect_map", Ret.INTEGER, CONST_MAP_PTR, ANYTHING, ANYTHING);
        add(54, "xdp_adjust_meta", Ret.INTEGER, CTX, ANYTHING);
        add(65, "xdp_adjust_tail", Ret.INTEGER, CTX, ANYTHING);
        add(113, "probe_read_kernel", Ret.INTEGER, UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        add(115, "probe_read_kernel_str", Ret.INTEGER, UNINIT_MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        add(130, "ringbuf_output", Ret.INTEGER, CONST_MAP_PTR, MEM, CONST_SIZE_OR_ZERO, ANYTHING);
        add(131, "ringbuf_reserve", Ret.RINGBUF_MEM_OR_NULL, CONST_MAP_PTR, CONST_ALLOC_SIZE, ANYTHING);
        add(132, "ringbuf_submit", Ret.VOID, RINGBUF_RELEASE, ANYTHING);
        add(133, "ringbuf_discard", Ret.VOID, RINGBUF_RELEASE, ANYTHING);
        add(181, "loop", Ret.INTEGER, ANYTHING, FUNC, STACK_OR_NULL, ANYTHING);
    }

    private Helpers() {
    }

    private static void add(int id, String name, Ret ret, Arg... args) {
        boolean pkt = id == 44 || id == 54 || id == 65 || id == 9;
        ALL.put(id, new HelperProto(id, "bpf_" + name, ret, List.of(args), pkt));
    }

    /** The prototype of helper {@code id} if {@code type} may call it. */
    public static Optional<HelperProto> lookup(int id, ProgType type) {
        HelperProto p = ALL.get(id);
        if (p == null) {
            return Optional.empty();
        }
        if (PACKET_ONLY.contains(id) && !CtxModel.of(type)
                .map(c -> c.packetHelperAllowed(id, XDP_ONLY, TC_ONLY)).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Whether the id names a helper this table knows at all (for the refusal message). */
    public static Optional<String> name(int id) {
        return Optional.ofNullable(ALL.get(id)).map(HelperProto::name);
    }
}
