package dev.ebld.btf;

/**
 * The BTF kinds, with the numeric code stored in bits 24..28 of a type's {@code info} word and
 * the name bpftool prints for it. {@link #VOID} (code 0) is never stored: it is type id 0.
 */
public enum BtfKind {
    VOID(0, "UNKNOWN"),
    INT(1, "INT"),
    PTR(2, "PTR"),
    ARRAY(3, "ARRAY"),
    STRUCT(4, "STRUCT"),
    UNION(5, "UNION"),
    ENUM(6, "ENUM"),
    FWD(7, "FWD"),
    TYPEDEF(8, "TYPEDEF"),
    VOLATILE(9, "VOLATILE"),
    CONST(10, "CONST"),
    RESTRICT(11, "RESTRICT"),
    FUNC(12, "FUNC"),
    FUNC_PROTO(13, "FUNC_PROTO"),
    VAR(14, "VAR"),
    DATASEC(15, "DATASEC"),
    FLOAT(16, "FLOAT"),
    DECL_TAG(17, "DECL_TAG"),
    TYPE_TAG(18, "TYPE_TAG"),
    ENUM64(19, "ENUM64");

    private static final BtfKind[] BY_CODE = values();

    private final int code;
    private final String label;

    BtfKind(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The numeric kind as stored in the {@code info} word. */
    public int code() {
        return code;
    }

    /** The upper-case name bpftool prints, e.g. {@code FUNC_PROTO}. */
    public String label() {
        return label;
    }

    /** The kind for a stored code, or null if the code is 0 or unknown. */
    public static BtfKind ofCode(int code) {
        return code >= 1 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** CONST, VOLATILE, RESTRICT and TYPE_TAG: qualifiers that do not change layout. */
    public boolean isModifier() {
        return this == CONST || this == VOLATILE || this == RESTRICT || this == TYPE_TAG;
    }

    /** STRUCT or UNION. */
    public boolean isComposite() {
        return this == STRUCT || this == UNION;
    }
}
