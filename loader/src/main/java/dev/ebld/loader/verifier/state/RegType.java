package dev.ebld.loader.verifier.state;

/**
 * What a register holds, as the kernel's {@code enum bpf_reg_type} (with {@code PTR_MAYBE_NULL}
 * and {@code MEM_RINGBUF} folded into their own constants). {@link #logName()} is the kernel's
 * {@code reg_type_str} spelling, which appears in its messages.
 */
public enum RegType {
    NOT_INIT("?"),
    SCALAR("scalar"),
    CTX("ctx"),
    MAP_PTR("map_ptr"),
    MAP_VALUE("map_value"),
    MAP_VALUE_OR_NULL("map_value_or_null"),
    MAP_KEY("map_key"),
    STACK("fp"),
    PACKET("pkt"),
    PACKET_META("pkt_meta"),
    PACKET_END("pkt_end"),
    MEM("mem"),
    MEM_OR_NULL("mem_or_null"),
    RINGBUF_MEM("ringbuf_mem"),
    RINGBUF_MEM_OR_NULL("ringbuf_mem_or_null"),
    FUNC("func");

    private final String logName;

    RegType(String logName) {
        this.logName = logName;
    }

    public String logName() {
        return logName;
    }

    public boolean isPointer() {
        return this != NOT_INIT && this != SCALAR;
    }

    /** A pointer that may be NULL until a comparison with 0 proves otherwise. */
    public boolean maybeNull() {
        return this == MAP_VALUE_OR_NULL || this == MEM_OR_NULL || this == RINGBUF_MEM_OR_NULL;
    }

    /** The type a maybe-NULL pointer has once it is known not to be NULL. */
    public RegType nonNull() {
        return switch (this) {
            case MAP_VALUE_OR_NULL -> MAP_VALUE;
            case MEM_OR_NULL -> MEM;
            case RINGBUF_MEM_OR_NULL -> RINGBUF_MEM;
            case NOT_INIT, SCALAR, CTX, MAP_PTR, MAP_VALUE, MAP_KEY, STACK, PACKET, PACKET_META,
                    PACKET_END, MEM, RINGBUF_MEM, FUNC -> this;
        };
    }

    /** Packet data or meta pointers, whose range comes from comparisons with another pointer. */
    public boolean isPacket() {
        return this == PACKET || this == PACKET_META;
    }
}
