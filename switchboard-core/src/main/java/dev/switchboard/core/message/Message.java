package dev.switchboard.core.message;

import dev.switchboard.core.Clock;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.internal.Utf8;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The message envelope: who sent it to whom, about what, how urgent, when, for how long, in which
 * trace, plus free string headers and a typed {@link Container} body.
 *
 * <p>Built by {@link #builder(String)}, whose setters validate at once. A built message is
 * immutable and safe to share between threads. Optional fields return {@link Optional}; the TTL is
 * {@link Duration#ZERO} when the message never expires.
 */
public final class Message {
    /** The longest correlation id, in chars. */
    public static final int MAX_CORRELATION_ID_LENGTH = 255;

    /** The longest header name, in chars. */
    public static final int MAX_HEADER_NAME_LENGTH = 255;

    /** The longest header value, in chars. */
    public static final int MAX_HEADER_VALUE_LENGTH = 65_535;

    /** The longest W3C {@code tracestate}, in chars. */
    public static final int MAX_TRACESTATE_LENGTH = 512;

    private static final long MIN_NANOS = Long.MIN_VALUE;
    private static final String[] NO_STRINGS = new String[0];

    private final MessageId id;
    private final String subject;
    private final Endpoint source;
    private final Endpoint target;
    private final MessageType type;
    private final Priority priority;
    private final long timestampNanos;
    private final long ttlMillis;
    private final String correlationId;
    private final TraceContext trace;
    private final String traceState;
    private final String[] headerNames;
    private final String[] headerValues;
    private final Map<String, String> headers;
    private final Container body;

    private Message(Builder b) {
        this.id = b.id != null ? b.id : MessageId.next();
        this.subject = b.subject;
        this.source = b.source;
        this.target = b.target;
        this.type = b.type;
        this.priority = b.priority;
        this.timestampNanos = b.timestampNanos != MIN_NANOS ? b.timestampNanos : nowNanos(b.clock);
        this.ttlMillis = b.ttlMillis;
        this.correlationId = b.correlationId;
        this.trace = b.trace;
        this.traceState = b.traceState;
        int n = b.headers == null ? 0 : b.headers.size();
        this.headerNames = n == 0 ? NO_STRINGS : b.headers.keySet().toArray(new String[n]);
        this.headerValues = n == 0 ? NO_STRINGS : b.headers.values().toArray(new String[n]);
        this.headers = n == 0 ? Map.of() : new HeaderMap(headerNames, headerValues);
        this.body = b.body;
    }

    private static long nowNanos(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * @param subject the subject to publish to; see {@link Subjects}
     * @return a builder
     * @throws InvalidSubjectException if the subject is not valid
     */
    public static Builder builder(String subject) {
        return new Builder().subject(subject);
    }

    /**
     * @return a builder holding all of this message's fields, id and timestamp included
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.subject = subject;
        b.source = source;
        b.target = target;
        b.type = type;
        b.priority = priority;
        b.timestampNanos = timestampNanos;
        b.ttlMillis = ttlMillis;
        b.correlationId = correlationId;
        b.trace = trace;
        b.traceState = traceState;
        if (!headers.isEmpty()) {
            b.headers = new TreeMap<>(Utf8::compareCodePoints);
            b.headers.putAll(headers);
        }
        b.body = body;
        return b;
    }

    /**
     * @return the 128-bit id
     */
    public MessageId id() {
        return id;
    }

    /**
     * @return the subject
     */
    public String subject() {
        return subject;
    }

    /**
     * @return the sender, if set
     */
    public Optional<Endpoint> source() {
        return Optional.ofNullable(source);
    }

    /**
     * @return the intended receiver, if set
     */
    public Optional<Endpoint> target() {
        return Optional.ofNullable(target);
    }

    /**
     * @return what the message is for
     */
    public MessageType type() {
        return type;
    }

    /**
     * @return how urgent it is
     */
    public Priority priority() {
        return priority;
    }

    /**
     * @return when it was created
     */
    public Instant timestamp() {
        return Instant.ofEpochSecond(
                Math.floorDiv(timestampNanos, 1_000_000_000L),
                Math.floorMod(timestampNanos, 1_000_000_000L));
    }

    /**
     * @return when it was created, in nanoseconds since the epoch
     */
    public long timestampNanos() {
        return timestampNanos;
    }

    /**
     * @return how long after {@link #timestamp()} it stays valid; {@link Duration#ZERO} for ever
     */
    public Duration ttl() {
        return Duration.ofMillis(ttlMillis);
    }

    /**
     * @return the TTL in milliseconds; 0 for ever
     */
    public long ttlMillis() {
        return ttlMillis;
    }

    /**
     * @param clock the clock to read the current time from
     * @return whether the TTL has passed
     */
    public boolean isExpired(Clock clock) {
        if (ttlMillis == 0) {
            return false;
        }
        long deadlineMillis = Math.floorDiv(timestampNanos, 1_000_000L) + ttlMillis;
        return clock.epochMillis() >= deadlineMillis;
    }

    /**
     * @return the id that ties a reply to its request, if set
     */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }

    /**
     * @return the W3C trace context, if set
     */
    public Optional<TraceContext> trace() {
        return Optional.ofNullable(trace);
    }

    /**
     * @return the W3C {@code tracestate} that travels with the trace context, if set
     */
    public Optional<String> traceState() {
        return Optional.ofNullable(traceState);
    }

    /**
     * @return the free string headers, sorted by name; unmodifiable
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * @return the number of free headers
     */
    public int headerCount() {
        return headerNames.length;
    }

    /**
     * @param index 0 to {@code headerCount() - 1}, in name order
     * @return the header name at that position
     */
    public String headerName(int index) {
        return headerNames[index];
    }

    /**
     * @param index 0 to {@code headerCount() - 1}, in name order
     * @return the header value at that position
     */
    public String headerValue(int index) {
        return headerValues[index];
    }

    /**
     * @param name a header name
     * @return its value, if present
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /**
     * @return the typed body
     */
    public Container body() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o == this
                || o instanceof Message m
                        && id.equals(m.id)
                        && subject.equals(m.subject)
                        && Objects.equals(source, m.source)
                        && Objects.equals(target, m.target)
                        && type == m.type
                        && priority == m.priority
                        && timestampNanos == m.timestampNanos
                        && ttlMillis == m.ttlMillis
                        && Objects.equals(correlationId, m.correlationId)
                        && Objects.equals(trace, m.trace)
                        && Objects.equals(traceState, m.traceState)
                        && headers.equals(m.headers)
                        && body.equals(m.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, subject, timestampNanos, body);
    }

    @Override
    public String toString() {
        return "Message[id="
                + id
                + ", subject="
                + subject
                + ", type="
                + type
                + ", priority="
                + priority
                + ", timestamp="
                + timestamp()
                + (ttlMillis != 0 ? ", ttl=" + ttl() : "")
                + (source != null ? ", source=" + source : "")
                + (target != null ? ", target=" + target : "")
                + (correlationId != null ? ", correlationId=" + correlationId : "")
                + (trace != null ? ", trace=" + trace : "")
                + (headers.isEmpty() ? "" : ", headers=" + headers)
                + ", body="
                + body
                + "]";
    }

    /**
     * Builds a {@link Message}. Every setter validates its argument at once and throws {@link
     * IllegalArgumentException} (or {@link InvalidSubjectException}) saying which rule was broken.
     * Unset fields default to: a new {@link MessageId#next() UUIDv7 id}, type {@code EVENT},
     * priority {@code NORMAL}, the current time, no TTL, an empty body. Not thread-safe.
     */
    public static final class Builder {
        private MessageId id;
        private String subject;
        private Endpoint source;
        private Endpoint target;
        private MessageType type = MessageType.EVENT;
        private Priority priority = Priority.NORMAL;
        private long timestampNanos = MIN_NANOS;
        private Clock clock = Clock.system();
        private long ttlMillis;
        private String correlationId;
        private TraceContext trace;
        private String traceState;
        private TreeMap<String, String> headers;
        private Container body = Container.empty();

        private Builder() {}

        /**
         * @param id the id
         * @return this builder
         */
        public Builder id(MessageId id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * @param subject the subject; see {@link Subjects}
         * @return this builder
         * @throws InvalidSubjectException if not valid
         */
        public Builder subject(String subject) {
            this.subject = Subjects.requireValidSubject(subject);
            return this;
        }

        /**
         * @param source the sender; {@code null} clears it
         * @return this builder
         */
        public Builder source(Endpoint source) {
            this.source = source;
            return this;
        }

        /**
         * @param id the sender's id
         * @param subId the sender's sub-id
         * @return this builder
         */
        public Builder source(String id, String subId) {
            return source(new Endpoint(id, subId));
        }

        /**
         * @param target the receiver; {@code null} clears it
         * @return this builder
         */
        public Builder target(Endpoint target) {
            this.target = target;
            return this;
        }

        /**
         * @param id the receiver's id
         * @param subId the receiver's sub-id
         * @return this builder
         */
        public Builder target(String id, String subId) {
            return target(new Endpoint(id, subId));
        }

        /**
         * @param type what the message is for
         * @return this builder
         */
        public Builder type(MessageType type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * @param priority how urgent it is
         * @return this builder
         */
        public Builder priority(Priority priority) {
            this.priority = Objects.requireNonNull(priority, "priority");
            return this;
        }

        /**
         * @param timestamp the creation time, between 1677-09-21 and 2262-04-11 (nanoseconds since
         *     the epoch must fit in 64 bits)
         * @return this builder
         * @throws IllegalArgumentException if out of that range
         */
        public Builder timestamp(Instant timestamp) {
            try {
                long nanos =
                        Math.addExact(
                                Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000_000L),
                                timestamp.getNano());
                if (nanos == MIN_NANOS) {
                    throw new ArithmeticException("reserved");
                }
                this.timestampNanos = nanos;
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "timestamp " + timestamp + " is outside 1677-09-21..2262-04-11", e);
            }
            return this;
        }

        /**
         * @param clock the clock that stamps the message at {@link #build()} when no timestamp was
         *     set
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param ttl how long the message stays valid, at millisecond precision; {@link
         *     Duration#ZERO} means for ever
         * @return this builder
         * @throws IllegalArgumentException if negative or not a whole number of milliseconds
         */
        public Builder ttl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("ttl must not be negative: " + ttl);
            }
            if (ttl.toNanosPart() % 1_000_000 != 0) {
                throw new IllegalArgumentException(
                        "ttl has millisecond precision; " + ttl + " is finer");
            }
            this.ttlMillis = ttl.toMillis();
            return this;
        }

        /**
         * @param correlationId ties a reply to its request; {@code null} clears it
         * @return this builder
         */
        public Builder correlationId(String correlationId) {
            if (correlationId != null) {
                if (correlationId.isEmpty()) {
                    throw new IllegalArgumentException("correlation id must not be empty");
                }
                MessageStrings.requireLength(
                        "correlation id", correlationId, MAX_CORRELATION_ID_LENGTH);
                MessageStrings.requireWellFormed("correlation id", correlationId);
            }
            this.correlationId = correlationId;
            return this;
        }

        /**
         * @param trace the W3C trace context; {@code null} clears it and the trace state
         * @return this builder
         */
        public Builder trace(TraceContext trace) {
            this.trace = trace;
            if (trace == null) {
                this.traceState = null;
            }
            return this;
        }

        /**
         * @param traceparent a W3C {@code traceparent} value
         * @return this builder
         * @throws IllegalArgumentException if it is not a valid version-00 traceparent
         */
        public Builder traceparent(String traceparent) {
            return trace(TraceContext.parse(traceparent));
        }

        /**
         * @param traceState the W3C {@code tracestate}; needs a trace context; {@code null} clears
         * @return this builder
         */
        public Builder traceState(String traceState) {
            if (traceState != null) {
                if (trace == null) {
                    throw new IllegalArgumentException("tracestate needs a trace context first");
                }
                MessageStrings.requireLength("tracestate", traceState, MAX_TRACESTATE_LENGTH);
                MessageStrings.requireWellFormed("tracestate", traceState);
            }
            this.traceState = traceState;
            return this;
        }

        /**
         * @param name the header name: not empty, at most {@value #MAX_HEADER_NAME_LENGTH} chars
         * @param value the value: at most {@value #MAX_HEADER_VALUE_LENGTH} chars
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("header name must not be empty");
            }
            MessageStrings.requireLength("header name", name, MAX_HEADER_NAME_LENGTH);
            MessageStrings.requireLength("header '" + name + "'", value, MAX_HEADER_VALUE_LENGTH);
            MessageStrings.requireWellFormed("header name", name);
            MessageStrings.requireWellFormed("header '" + name + "'", value);
            if (headers == null) {
                headers = new TreeMap<>(Utf8::compareCodePoints);
            }
            headers.put(name, value);
            return this;
        }

        /**
         * @param headers headers to add; each is validated as by {@link #header}
         * @return this builder
         */
        public Builder headers(Map<String, String> headers) {
            headers.forEach(this::header);
            return this;
        }

        /**
         * @param body the typed body
         * @return this builder
         */
        public Builder body(Container body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /**
         * @return the message
         */
        public Message build() {
            return new Message(this);
        }
    }
}
