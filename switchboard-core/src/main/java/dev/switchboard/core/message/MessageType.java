package dev.switchboard.core.message;

/** What a message is for. The codes are stable wire numbers. */
public enum MessageType {
    /** Something happened; anyone interested may react. */
    EVENT(0),
    /** Do something; one handler is expected to act. */
    COMMAND(1),
    /** Tell me something; a {@link #REPLY} is expected. */
    QUERY(2),
    /** The answer to a query or command. */
    REPLY(3),
    /** Information for a person or a system, no action expected. */
    NOTIFICATION(4);

    private static final MessageType[] BY_CODE = values();
    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /**
     * @return the stable wire code
     */
    public int code() {
        return code;
    }

    /**
     * @param code a wire code
     * @return the type, or {@code null} if the code is unknown
     */
    public static MessageType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
