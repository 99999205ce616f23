package dev.switchboard.store;

import java.time.Duration;
import java.util.Objects;

/**
 * A stream's storage settings: its name, limits, discard and fsync policies. Immutable; build with
 * {@link #builder(String)}. A limit of {@code -1} (or a {@link Duration#ZERO} age) means none.
 *
 * @param name the stream's name: 1–64 characters of {@code A-Z a-z 0-9 _ -}
 * @param maxMessages the most messages held
 * @param maxBytes the most accounted bytes held ({@link #accountedBytes})
 * @param maxAge how long a message is kept; {@link Duration#ZERO} keeps it until another limit
 *     removes it
 * @param maxMessagesPerSubject the most messages held per subject (1 gives last-value semantics);
 *     always enforced by removing that subject's oldest
 * @param maxMessageBytes the largest single message (accounted bytes)
 * @param discard what to do when {@code maxMessages} or {@code maxBytes} would be exceeded
 * @param fsync when appends reach the disk
 * @param segmentBytes for segmented backends, the size at which a segment is closed and a new one
 *     begun
 */
public record StoreConfig(
        String name,
        long maxMessages,
        long maxBytes,
        Duration maxAge,
        long maxMessagesPerSubject,
        long maxMessageBytes,
        DiscardPolicy discard,
        FsyncPolicy fsync,
        long segmentBytes) {

    /** The default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /** The largest stream name. */
    public static final int MAX_NAME_LENGTH = 64;

    /** Checks every field; the builder calls this too. */
    public StoreConfig {
        checkName(name);
        checkLimit("maxMessages", maxMessages);
        checkLimit("maxBytes", maxBytes);
        checkLimit("maxMessagesPerSubject", maxMessagesPerSubject);
        checkLimit("maxMessageBytes", maxMessageBytes);
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must be >= 0, got " + maxAge);
        }
        Objects.requireNonNull(discard, "discard");
        Objects.requireNonNull(fsync, "fsync");
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segmentBytes must be >= 4096, got " + segmentBytes);
        }
    }

    /**
     * @param name the stream's name
     * @return a builder with the defaults: no limits, discard old, fsync always, 64 MiB segments
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * @return a builder starting from this configuration
     */
    public Builder toBuilder() {
        return new Builder(name)
                .maxMessages(maxMessages)
                .maxBytes(maxBytes)
                .maxAge(maxAge)
                .maxMessagesPerSubject(maxMessagesPerSubject)
                .maxMessageBytes(maxMessageBytes)
                .discard(discard)
                .fsync(fsync)
                .segmentBytes(segmentBytes);
    }

    /**
     * The size a message counts against {@code maxBytes} and {@code maxMessageBytes}: its subject,
     * headers and payload lengths plus a fixed 32 bytes of per-record overhead, whatever the
     * backend, so limits mean the same everywhere.
     *
     * @param subjectLength the subject's length in bytes (UTF-8)
     * @param headersLength the encoded headers' length
     * @param payloadLength the payload's length
     * @return the accounted size
     */
    public static long accountedBytes(int subjectLength, int headersLength, int payloadLength) {
        return 32L + subjectLength + headersLength + payloadLength;
    }

    /**
     * @param name a candidate stream name
     * @throws IllegalArgumentException if it is not a valid stream name, saying why
     */
    public static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "stream name must be 1.."
                            + MAX_NAME_LENGTH
                            + " characters, got "
                            + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '_'
                            || c == '-';
            if (!ok) {
                throw new IllegalArgumentException(
                        "stream name may hold only A-Z a-z 0-9 _ -, got '" + name + "'");
            }
        }
    }

    private static void checkLimit(String what, long value) {
        if (value < -1 || value == 0) {
            throw new IllegalArgumentException(what + " must be -1 (none) or > 0, got " + value);
        }
    }

    /** Builds a {@link StoreConfig}; each setter validates at once. */
    public static final class Builder {
        private final String name;
        private long maxMessages = -1;
        private long maxBytes = -1;
        private Duration maxAge = Duration.ZERO;
        private long maxMessagesPerSubject = -1;
        private long maxMessageBytes = -1;
        private DiscardPolicy discard = DiscardPolicy.OLD;
        private FsyncPolicy fsync = FsyncPolicy.always();
        private long segmentBytes = DEFAULT_SEGMENT_BYTES;

        private Builder(String name) {
            checkName(name);
            this.name = name;
        }

        /**
         * @param value the most messages held, or -1
         * @return this
         */
        public Builder maxMessages(long value) {
            checkLimit("maxMessages", value);
            this.maxMessages = value;
            return this;
        }

        /**
         * @param value the most accounted bytes held, or -1
         * @return this
         */
        public Builder maxBytes(long value) {
            checkLimit("maxBytes", value);
            this.maxBytes = value;
            return this;
        }

        /**
         * @param value how long messages are kept, or {@link Duration#ZERO} for no age limit
         * @return this
         */
        public Builder maxAge(Duration value) {
            Objects.requireNonNull(value, "maxAge");
            if (value.isNegative()) {
                throw new IllegalArgumentException("maxAge must be >= 0, got " + value);
            }
            this.maxAge = value;
            return this;
        }

        /**
         * @param value the most messages per subject, or -1
         * @return this
         */
        public Builder maxMessagesPerSubject(long value) {
            checkLimit("maxMessagesPerSubject", value);
            this.maxMessagesPerSubject = value;
            return this;
        }

        /**
         * @param value the largest message in accounted bytes, or -1
         * @return this
         */
        public Builder maxMessageBytes(long value) {
            checkLimit("maxMessageBytes", value);
            this.maxMessageBytes = value;
            return this;
        }

        /**
         * @param value what to do when full
         * @return this
         */
        public Builder discard(DiscardPolicy value) {
            this.discard = Objects.requireNonNull(value, "discard");
            return this;
        }

        /**
         * @param value when appends reach the disk
         * @return this
         */
        public Builder fsync(FsyncPolicy value) {
            this.fsync = Objects.requireNonNull(value, "fsync");
            return this;
        }

        /**
         * @param value the segment size in bytes, at least 4096
         * @return this
         */
        public Builder segmentBytes(long value) {
            if (value < 4096) {
                throw new IllegalArgumentException("segmentBytes must be >= 4096, got " + value);
            }
            this.segmentBytes = value;
            return this;
        }

        /**
         * @return the configuration
         */
        public StoreConfig build() {
            return new StoreConfig(
                    name,
                    maxMessages,
                    maxBytes,
                    maxAge,
                    maxMessagesPerSubject,
                    maxMessageBytes,
                    discard,
                    fsync,
                    segmentBytes);
        }
    }
}
