package dev.switchboard.core.message;

/**
 * Six levels of priority, lowest first. The codes are stable wire numbers and order the levels: a
 * higher code is more urgent.
 */
public enum Priority {
    LOWEST(0),
    LOW(1),
    NORMAL(2),
    HIGH(3),
    HIGHEST(4),
    CRITICAL(5);

    private static final Priority[] BY_CODE = values();
    private final int code;

    Priority(int code) {
        this.code = code;
    }

    /**
     * @return the stable wire code, 0 (lowest) to 5 (critical)
     */
    public int code() {
        return code;
    }

    /**
     * @param code a wire code
     * @return the priority, or {@code null} if the code is unknown
     */
    public static Priority fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
