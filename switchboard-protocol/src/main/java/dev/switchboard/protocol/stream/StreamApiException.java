package dev.switchboard.protocol.stream;

import dev.switchboard.core.SwitchboardException;

/** A stream API call failed with a stable {@link ApiError} code (or an unknown newer one). */
public class StreamApiException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code the wire number
     * @param description what went wrong
     */
    public StreamApiException(int code, String description) {
        super(description + " (" + code + ")");
        this.code = code;
    }

    /**
     * @param error the error
     * @param description what went wrong
     */
    public StreamApiException(ApiError error, String description) {
        this(error.code(), description);
    }

    /**
     * @return the wire number
     */
    public int code() {
        return code;
    }

    /**
     * @return the error, or {@code null} if this side does not know the number
     */
    public ApiError error() {
        return ApiError.of(code);
    }
}
