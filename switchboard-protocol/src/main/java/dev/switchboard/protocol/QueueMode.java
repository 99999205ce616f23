package dev.switchboard.protocol;

/**
 * How a queue group picks the member that gets a message, as SUB carries it (the {@code groupMode}
 * byte). The first member of a group fixes the mode; a member asking for another one is refused
 * with {@link ErrorCode#INVALID_QUEUE_GROUP}.
 */
public enum QueueMode {
    /** Members in turn. */
    ROUND_ROBIN(0),
    /** A uniformly random member. */
    RANDOM(1),
    /** The member whose connection has the least outbound data waiting; ties in turn. */
    LEAST_OUTSTANDING(2),
    /** Rendezvous hashing of one header's value: the same key reaches the same member. */
    HASH(3);

    private final int code;

    QueueMode(int code) {
        this.code = code;
    }

    /**
     * @return the wire code
     */
    public int code() {
        return code;
    }

    /**
     * @param code a wire code
     * @return its mode, or {@code null} if unknown
     */
    public static QueueMode of(int code) {
        return code >= 0 && code < values().length ? values()[code] : null;
    }
}
