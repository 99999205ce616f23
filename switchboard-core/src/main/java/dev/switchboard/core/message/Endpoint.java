package dev.switchboard.core.message;

import java.util.Objects;

/**
 * Who sent or should receive a message: an id (a service, a device) and an optional sub-id (an
 * instance, a channel, a session). Both are free strings of at most {@link #MAX_LENGTH} chars.
 *
 * @param id the identifier; not empty
 * @param subId the sub-identifier; empty when there is none
 */
public record Endpoint(String id, String subId) {
    /** The longest id or sub-id, in chars. */
    public static final int MAX_LENGTH = 255;

    /**
     * @throws IllegalArgumentException if {@code id} is empty or either part is too long
     */
    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subId, "subId");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("endpoint id must not be empty");
        }
        if (id.length() > MAX_LENGTH || subId.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "endpoint id and sub-id are limited to " + MAX_LENGTH + " chars");
        }
        MessageStrings.requireWellFormed("endpoint id", id);
        MessageStrings.requireWellFormed("endpoint sub-id", subId);
    }

    /**
     * @param id the identifier
     * @return an endpoint without a sub-id
     */
    public static Endpoint of(String id) {
        return new Endpoint(id, "");
    }

    /**
     * @param id the identifier
     * @param subId the sub-identifier
     * @return the endpoint
     */
    public static Endpoint of(String id, String subId) {
        return new Endpoint(id, subId);
    }
}
