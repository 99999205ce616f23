package dev.switchboard.client;

import dev.switchboard.protocol.stream.StreamHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one acknowledged publish ({@link Streams#publishAsync(String, byte[],
 * PublishOptions)}): headers, a de-duplication id ({@code Sb-Msg-Id}), the expectations the broker
 * checks before storing ({@code Sb-Expected-Stream}, {@code Sb-Expected-Last-Seq}) and the time to
 * wait for the acknowledgement. Immutable and thread-safe; build with {@link #builder()}.
 */
public final class PublishOptions {
    private static final PublishOptions DEFAULTS = builder().build();

    private final List<Map.Entry<String, String>> headers;
    private final String msgId;
    private final String expectedStream;
    private final long expectedLastSeq;
    private final Duration timeout;
    private final List<Map.Entry<String, String>> allHeaders;

    private PublishOptions(Builder b) {
        this.headers = List.copyOf(b.headers);
        this.msgId = b.msgId;
        this.expectedStream = b.expectedStream;
        this.expectedLastSeq = b.expectedLastSeq;
        this.timeout = b.timeout;
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        if (msgId != null) {
            all.add(Map.entry(StreamHeaders.MSG_ID, msgId));
        }
        if (expectedStream != null) {
            all.add(Map.entry(StreamHeaders.EXPECTED_STREAM, expectedStream));
        }
        if (expectedLastSeq >= 0) {
            all.add(Map.entry(StreamHeaders.EXPECTED_LAST_SEQ, Long.toString(expectedLastSeq)));
        }
        this.allHeaders = List.copyOf(all);
    }

    /**
     * @return no headers, no expectations, the connection's {@link ClientOptions#requestTimeout()}
     */
    public static PublishOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the application's headers, in order
     */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /**
     * @return the {@code Sb-Msg-Id}, if set
     */
    public Optional<String> msgId() {
        return Optional.ofNullable(msgId);
    }

    /**
     * @return the stream that must capture the subject, if set
     */
    public Optional<String> expectedStream() {
        return Optional.ofNullable(expectedStream);
    }

    /**
     * @return the last sequence the stream must have (0: empty), or -1 if not set
     */
    public long expectedLastSeq() {
        return expectedLastSeq;
    }

    /**
     * @return how long to wait for the acknowledgement, if not the connection's default
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * @return the headers as sent: the application's, then the {@code Sb-} ones
     */
    public List<Map.Entry<String, String>> wireHeaders() {
        return allHeaders;
    }

    @Override
    public String toString() {
        return "PublishOptions[headers="
                + headers.size()
                + (msgId == null ? "" : ", msgId=" + msgId)
                + (expectedStream == null ? "" : ", expectedStream=" + expectedStream)
                + (expectedLastSeq < 0 ? "" : ", expectedLastSeq=" + expectedLastSeq)
                + (timeout == null ? "" : ", timeout=" + timeout)
                + "]";
    }

    /** Builds {@link PublishOptions}; setters validate at once. Not thread-safe. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private String msgId;
        private String expectedStream;
        private long expectedLastSeq = -1;
        private Duration timeout;

        private Builder() {}

        /**
         * Adds a header (names may repeat). {@code Sb-} names are reserved: use the setters below.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.regionMatches(true, 0, "Sb-", 0, 3)) {
                throw new IllegalArgumentException(
                        "header '" + name + "': Sb- names are reserved for Switchboard");
            }
            headers.add(Map.entry(name, value));
            return this;
        }

        /**
         * Adds headers, as {@link #header} each.
         *
         * @param list name/value pairs in order
         * @return this builder
         */
        public Builder headers(List<Map.Entry<String, String>> list) {
            for (Map.Entry<String, String> e : list) {
                header(e.getKey(), e.getValue());
            }
            return this;
        }

        /**
         * @param id a unique id of this message ({@code Sb-Msg-Id}): a second publish with the same
         *     id within the stream's duplicate window is acknowledged as a duplicate, not stored
         * @return this builder
         */
        public Builder msgId(String id) {
            this.msgId = nonEmpty("msgId", id);
            return this;
        }

        /**
         * @param stream the stream that must capture the subject ({@code Sb-Expected-Stream}), else
         *     the publish fails with {@code WRONG_STREAM}
         * @return this builder
         */
        public Builder expectedStream(String stream) {
            this.expectedStream = nonEmpty("expectedStream", stream);
            return this;
        }

        /**
         * @param seq the sequence the stream's last message must have, 0 for an empty stream
         *     ({@code Sb-Expected-Last-Seq}), else the publish fails with {@code
         *     WRONG_LAST_SEQUENCE}
         * @return this builder
         */
        public Builder expectedLastSeq(long seq) {
            if (seq < 0) {
                throw new IllegalArgumentException("expectedLastSeq must be >= 0, got " + seq);
            }
            this.expectedLastSeq = seq;
            return this;
        }

        /**
         * @param timeout how long to wait for the acknowledgement; positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @return the options
         */
        public PublishOptions build() {
            return new PublishOptions(this);
        }

        private static String nonEmpty(String what, String v) {
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return v;
        }
    }
}
