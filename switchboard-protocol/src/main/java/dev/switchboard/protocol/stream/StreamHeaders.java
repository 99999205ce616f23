package dev.switchboard.protocol.stream;

/**
 * Header names with a meaning for streams. Names starting {@code Sb-} are reserved for Switchboard.
 */
public final class StreamHeaders {
    /**
     * On a publish: its unique id; a second publish with the same id within the window is not
     * stored again.
     */
    public static final String MSG_ID = "Sb-Msg-Id";

    /** On a publish: the stream that must capture it. */
    public static final String EXPECTED_STREAM = "Sb-Expected-Stream";

    /** On a publish: the sequence the stream's last message must have (0: empty stream). */
    public static final String EXPECTED_LAST_SEQ = "Sb-Expected-Last-Seq";

    /**
     * On a pull status: the status code (404 no messages, 408 request expired, 409 consumer gone).
     */
    public static final String STATUS = "Sb-Status";

    /** On a pull status: a description of the status. */
    public static final String DESCRIPTION = "Sb-Description";

    /** On a dead letter: the stream it came from. */
    public static final String DLQ_STREAM = "Sb-Dlq-Stream";

    /** On a dead letter: the consumer that gave up on it. */
    public static final String DLQ_CONSUMER = "Sb-Dlq-Consumer";

    /** On a dead letter: its sequence in the original stream. */
    public static final String DLQ_SEQUENCE = "Sb-Dlq-Sequence";

    /** On a dead letter: how many times it was delivered. */
    public static final String DLQ_DELIVERIES = "Sb-Dlq-Deliveries";

    /** On a dead letter: why ({@code max_deliveries}, or {@code terminated} and the reason). */
    public static final String DLQ_REASON = "Sb-Dlq-Reason";

    /** Status of a pull request: no message is available and the request asked not to wait. */
    public static final int STATUS_NO_MESSAGES = 404;

    /** Status of a pull request: it expired before its batch was filled. */
    public static final int STATUS_EXPIRED = 408;

    /** Status of a pull request: the consumer or stream was deleted, or the broker is stopping. */
    public static final int STATUS_GONE = 409;

    private StreamHeaders() {}
}
