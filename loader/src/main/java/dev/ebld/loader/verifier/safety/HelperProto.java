package dev.ebld.loader.verifier.safety;

import java.util.List;

/**
 * A helper's prototype as the verifier checks it (the kernel's {@code struct bpf_func_proto}):
 * argument kinds in R1..R5 and the kind of value it returns in R0.
 *
 * @param invalidatesPacket whether it may move or resize packet data, so every packet pointer
 *     must be reloaded afterwards ({@code bpf_helper_changes_pkt_data})
 */
public record HelperProto(int id, String name, Ret ret, List<Arg> args, boolean invalidatesPacket) {

    /** Argument kinds ({@code enum bpf_arg_type}). */
    public enum Arg {
        ANYTHING, CONST_MAP_PTR, MAP_KEY, MAP_VALUE, MEM, MEM_OR_NULL, UNINIT_MEM, CONST_SIZE,
        CONST_SIZE_OR_ZERO, CTX, RINGBUF_RELEASE, CONST_ALLOC_SIZE, FUNC, STACK_OR_NULL
    }

    /** Return kinds ({@code enum bpf_return_type}). */
    public enum Ret {
        INTEGER, VOID, MAP_VALUE_OR_NULL, RINGBUF_MEM_OR_NULL
    }
}
