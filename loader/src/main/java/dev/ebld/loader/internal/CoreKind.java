package dev.ebld.loader.internal;

/**
 * {@code enum bpf_core_relo_kind}, numbered as in the UAPI: what a CO-RE relocation asks about a
 * field, a type or an enumerator.
 */
enum CoreKind {
    FIELD_BYTE_OFFSET, FIELD_BYTE_SIZE, FIELD_EXISTS, FIELD_SIGNED, FIELD_LSHIFT_U64,
    FIELD_RSHIFT_U64, TYPE_ID_LOCAL, TYPE_ID_TARGET, TYPE_EXISTS, TYPE_SIZE, ENUMVAL_EXISTS,
    ENUMVAL_VALUE, TYPE_MATCHES;

    static CoreKind of(int n) {
        return n >= 0 && n < values().length ? values()[n] : null;
    }

    boolean fieldBased() {
        return ordinal() <= FIELD_RSHIFT_U64.ordinal();
    }

    boolean typeBased() {
        return this == TYPE_ID_LOCAL || this == TYPE_ID_TARGET || this == TYPE_EXISTS
                || this == TYPE_SIZE || this == TYPE_MATCHES;
    }

    boolean enumBased() {
        return this == ENUMVAL_EXISTS || this == ENUMVAL_VALUE;
    }
}
