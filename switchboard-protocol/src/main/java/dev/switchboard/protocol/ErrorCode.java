package dev.switchboard.protocol;

/**
 * Every error the server reports in an ERR frame, with its stable number (docs/PROTOCOL.md, "Error
 * codes"). Numbers never change and are never reused; names may. The hundreds group them: 1xx
 * framing, 2xx handshake and security, 3xx requests the server refuses, 4xx connection-level
 * conditions, 5xx server side.
 */
public enum ErrorCode {
    /** A frame's body does not match its opcode's layout (lengths disagree, missing fields). */
    BAD_FRAME(100, true),
    /** A frame's declared length exceeds the negotiated limit. */
    FRAME_TOO_LARGE(101, true),
    /** The opcode is not defined in the negotiated protocol version. */
    UNKNOWN_OPCODE(102, true),
    /**
     * A valid frame sent at the wrong time or by the wrong side (PUB before HELLO, MSG from a
     * client).
     */
    UNEXPECTED_FRAME(103, true),
    /** A flag bit the opcode does not define is set. */
    BAD_FLAGS(104, true),
    /** Client and server share no protocol version. */
    UNSUPPORTED_VERSION(105, true),
    /** The client did not complete the handshake in time. */
    HANDSHAKE_TIMEOUT(106, true),
    /** The credentials in HELLO were refused. */
    AUTH_FAILED(200, true),
    /** The principal may not publish to that subject or subscribe to that pattern. */
    PERMISSION_DENIED(201, false),
    /** A PUB payload is larger than the negotiated maximum. */
    PAYLOAD_TOO_LARGE(300, true),
    /** A subject, pattern or reply subject is not valid (the text says which rule it breaks). */
    INVALID_SUBJECT(301, false),
    /** The connection already holds the maximum number of subscriptions. */
    TOO_MANY_SUBSCRIPTIONS(302, false),
    /** A SUB reuses a subscription id that is still active on this connection. */
    DUPLICATE_SUBSCRIPTION_ID(303, false),
    /** A queue group's name is invalid, or it conflicts with the group's existing strategy. */
    INVALID_QUEUE_GROUP(304, false),
    /** The headers section is malformed or larger than the negotiated maximum. */
    BAD_HEADERS(305, true),
    /** The server holds its maximum number of connections. */
    TOO_MANY_CONNECTIONS(400, true),
    /** The client fell behind and the slow-consumer policy is to disconnect. */
    SLOW_CONSUMER(401, true),
    /** No frame arrived within the heartbeat window (missed PONGs). */
    STALE_CONNECTION(402, true),
    /** The server failed in a way that is not the client's fault. */
    INTERNAL_ERROR(500, true);

    private final int code;
    private final boolean fatal;

    ErrorCode(int code, boolean fatal) {
        this.code = code;
        this.fatal = fatal;
    }

    /**
     * @return the stable wire number
     */
    public int code() {
        return code;
    }

    /**
     * @return whether the server closes the connection after reporting it
     */
    public boolean fatal() {
        return fatal;
    }

    /**
     * @param code a wire number
     * @return its error, or {@code null} if unknown (a newer server's code: treat by hundreds)
     */
    public static ErrorCode of(int code) {
        for (ErrorCode e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
