package dev.switchboard.core.container;

/**
 * The types a {@link Value} can have. {@link #code()} is the stable number the binary codec writes
 * and {@link #jsonTag()} the name the JSON codec uses; neither ever changes for an existing type.
 */
public enum ValueType {
    NULL(0, "null"),
    BOOL(1, "bool"),
    INT8(2, "i8"),
    INT16(3, "i16"),
    INT32(4, "i32"),
    INT64(5, "i64"),
    FLOAT32(6, "f32"),
    FLOAT64(7, "f64"),
    STRING(8, "string"),
    BYTES(9, "bytes"),
    CONTAINER(10, "container"),
    LIST(11, "list");

    private static final ValueType[] BY_CODE = values();

    private final int code;
    private final String jsonTag;

    ValueType(int code, String jsonTag) {
        this.code = code;
        this.jsonTag = jsonTag;
    }

    /**
     * @return the stable wire code (0..15)
     */
    public int code() {
        return code;
    }

    /**
     * @return the stable short name used in JSON type tags and error messages
     */
    public String jsonTag() {
        return jsonTag;
    }

    /**
     * @param code a wire code
     * @return the type with that code, or {@code null} if there is none
     */
    public static ValueType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    @Override
    public String toString() {
        return jsonTag;
    }
}
