package dev.switchboard.protocol.stream;

/**
 * Stable error codes of the stream API, carried in JSON error bodies ({@code {"error": {"code":
 * 600, "description": "..."}}}) and by {@link StreamApiException}. Numbers never change; names may.
 */
public enum ApiError {
    /** No stream captures the published subject, or the named stream does not exist. */
    NO_STREAM(600),
    /** A stream of that name exists with a different configuration. */
    STREAM_EXISTS(601),
    /** The stream is at a limit and its discard policy is {@code new}. */
    STREAM_FULL(602),
    /** The {@code Sb-Expected-Last-Seq} header does not match the stream's last sequence. */
    WRONG_LAST_SEQUENCE(603),
    /** The message is larger than the stream's {@code max_msg_size}. */
    MESSAGE_TOO_LARGE(604),
    /** The {@code Sb-Expected-Stream} header names another stream than the one capturing it. */
    WRONG_STREAM(605),
    /** The stream's subjects overlap another stream's. */
    SUBJECT_OVERLAP(606),
    /** The request body or a configuration is invalid; the description says which field. */
    BAD_REQUEST(607),
    /** The storage failed to write or read; the description says what. */
    STORAGE_FAILED(608),
    /** Persistence is disabled on this broker. */
    STREAMS_DISABLED(609),
    /** The named consumer does not exist. */
    CONSUMER_NOT_FOUND(610),
    /** A consumer of that name exists with a different configuration. */
    CONSUMER_EXISTS(611),
    /** A pull request to a push consumer, or the reverse. */
    WRONG_CONSUMER_KIND(612),
    /** No message at that sequence (or for that subject). */
    MESSAGE_NOT_FOUND(613),
    /** An acknowledgement for a message that is not pending (already acknowledged or unknown). */
    NOT_PENDING(614),
    /** A limit of the broker (streams, consumers, waiting pull requests) is reached. */
    LIMIT_REACHED(615);

    private final int code;

    ApiError(int code) {
        this.code = code;
    }

    /**
     * @return the stable number
     */
    public int code() {
        return code;
    }

    /**
     * @param code a number
     * @return its error, or {@code null} if unknown
     */
    public static ApiError of(int code) {
        for (ApiError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
