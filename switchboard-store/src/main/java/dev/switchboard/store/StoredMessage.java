package dev.switchboard.store;

import java.util.Objects;

/**
 * One message as stored in a stream. The byte arrays are owned by the record; callers must not
 * change them.
 *
 * @param sequence the stream sequence, from 1, gap-free at append (deletes leave gaps)
 * @param timestampNanos when it was appended, in nanoseconds since the epoch
 * @param subject the subject it was published to
 * @param headers the encoded headers section (the wire format's, opaque here), possibly empty
 * @param payload the payload, possibly empty
 */
public record StoredMessage(
        long sequence, long timestampNanos, String subject, byte[] headers, byte[] payload) {
    /** Checks the fields. */
    public StoredMessage {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
        }
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * @return the bytes this message counts against a stream's byte limit: subject, headers and
     *     payload
     */
    public long storedBytes() {
        return StoreConfig.accountedBytes(
                subject.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                headers.length,
                payload.length);
    }
}
