package dev.switchboard.protocol.stream;

import dev.switchboard.core.message.Subjects;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A durable consumer's definition, the body of {@code $SYS.API.CONSUMER.CREATE} (docs/STREAMS.md).
 * snake_case in JSON; absent fields take the defaults; the compact constructor applies them.
 *
 * <p>Redelivery: a delivery not acknowledged within {@code ack_wait_ms} (its lease, which {@code
 * +WIP} renews), or negatively acknowledged without a delay, is delivered again after a backoff of
 * {@code backoff_initial_ms × backoff_multiplier^(deliveries-1)}, capped at {@code backoff_max_ms},
 * with ± {@code backoff_jitter} of random spread. After {@code max_deliver} deliveries it goes to
 * {@code dead_letter_stream} (or, without one, is dropped and announced on {@code
 * $SYS.ADVISORY.CONSUMER.MAX_DELIVERIES}).
 *
 * @param name 1–64 characters of {@code A-Z a-z 0-9 _ -}
 * @param description free text
 * @param filterSubject only messages whose subject matches this pattern, or {@code null} for all
 * @param deliverPolicy where delivery starts (default {@code all})
 * @param optStartSeq the first sequence for {@code by_start_sequence}
 * @param optStartTime the first time (RFC 3339) for {@code by_start_time}
 * @param ackPolicy {@code explicit} (default), {@code all} (an ack covers every earlier delivery)
 *     or {@code none}
 * @param ackWaitMs the lease of a delivery, default 30000
 * @param backoffInitialMs the first redelivery delay, default 1000
 * @param backoffMaxMs the longest redelivery delay, default 60000
 * @param backoffMultiplier the growth per delivery, default 2.0
 * @param backoffJitter the random spread, 0..1, default 0.2 ({@code null} in the constructor)
 * @param maxDeliver the most deliveries of one message, -1 (default) for no limit
 * @param maxAckPending the most unacknowledged deliveries outstanding, default 1000
 * @param deliverSubject for a push consumer, where the broker delivers; {@code null} for pull
 * @param deadLetterStream where messages go after {@code max_deliver} or {@code +TERM}; created if
 *     missing; {@code null} for none
 * @param maxWaiting the most pull requests waiting at once, default 512
 */
public record ConsumerConfig(
        String name,
        String description,
        String filterSubject,
        DeliverPolicy deliverPolicy,
        long optStartSeq,
        String optStartTime,
        AckPolicy ackPolicy,
        long ackWaitMs,
        long backoffInitialMs,
        long backoffMaxMs,
        double backoffMultiplier,
        Double backoffJitter,
        long maxDeliver,
        long maxAckPending,
        String deliverSubject,
        String deadLetterStream,
        int maxWaiting) {

    /** The longest ack wait or backoff accepted: a week, in milliseconds. */
    public static final long MAX_MS = 7L * 24 * 3600 * 1000;

    /** Where a new consumer starts. */
    public enum DeliverPolicy {
        /** The oldest message held. */
        ALL,
        /** Only messages stored after the consumer is created. */
        NEW,
        /** The newest message held. */
        LAST,
        /** The newest message of each subject. */
        LAST_PER_SUBJECT,
        /** {@code opt_start_seq}. */
        BY_START_SEQUENCE,
        /** {@code opt_start_time}. */
        BY_START_TIME
    }

    /** How deliveries are acknowledged. */
    public enum AckPolicy {
        /** Each delivery is acknowledged on its own. */
        EXPLICIT,
        /** Acknowledging a delivery also acknowledges every earlier one (cumulative). */
        ALL,
        /** Deliveries need no acknowledgement; never redelivered. */
        NONE
    }

    /** Applies defaults and checks every field. */
    public ConsumerConfig {
        StreamConfig.checkName("consumer", name);
        description = description == null ? "" : description;
        if (filterSubject != null && filterSubject.isEmpty()) {
            filterSubject = null;
        }
        if (filterSubject != null && !Subjects.isValidPattern(filterSubject)) {
            throw new IllegalArgumentException(
                    "filter_subject: '" + filterSubject + "' is not a valid pattern");
        }
        deliverPolicy = deliverPolicy == null ? DeliverPolicy.ALL : deliverPolicy;
        if (deliverPolicy == DeliverPolicy.BY_START_SEQUENCE && optStartSeq < 1) {
            throw new IllegalArgumentException(
                    "deliver_policy by_start_sequence needs opt_start_seq >= 1");
        }
        if (deliverPolicy == DeliverPolicy.BY_START_TIME) {
            if (optStartTime == null) {
                throw new IllegalArgumentException(
                        "deliver_policy by_start_time needs opt_start_time");
            }
            try {
                Instant.parse(optStartTime);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "opt_start_time: '" + optStartTime + "' is not an RFC 3339 time");
            }
        }
        ackPolicy = ackPolicy == null ? AckPolicy.EXPLICIT : ackPolicy;
        ackWaitMs = positive("ack_wait_ms", ackWaitMs, 30_000);
        if (ackWaitMs > MAX_MS || backoffInitialMs > MAX_MS || backoffMaxMs > MAX_MS) {
            throw new IllegalArgumentException(
                    "ack_wait_ms and backoff_*_ms must be at most " + MAX_MS + " (a week)");
        }
        backoffInitialMs = positive("backoff_initial_ms", backoffInitialMs, 1_000);
        backoffMaxMs = positive("backoff_max_ms", backoffMaxMs, 60_000);
        if (backoffMaxMs < backoffInitialMs) {
            throw new IllegalArgumentException(
                    "backoff_max_ms ("
                            + backoffMaxMs
                            + ") < backoff_initial_ms ("
                            + backoffInitialMs
                            + ")");
        }
        if (backoffMultiplier == 0) {
            backoffMultiplier = 2.0;
        } else if (backoffMultiplier < 1 || Double.isNaN(backoffMultiplier)) {
            throw new IllegalArgumentException(
                    "backoff_multiplier must be >= 1, got " + backoffMultiplier);
        }
        backoffJitter = backoffJitter == null ? 0.2 : backoffJitter;
        if (backoffJitter < 0 || backoffJitter > 1 || Double.isNaN(backoffJitter)) {
            throw new IllegalArgumentException(
                    "backoff_jitter must be within 0..1, got " + backoffJitter);
        }
        if (maxDeliver < -1) {
            throw new IllegalArgumentException("max_deliver must be -1 or > 0, got " + maxDeliver);
        }
        maxDeliver = maxDeliver == 0 ? -1 : maxDeliver;
        maxAckPending = positive("max_ack_pending", maxAckPending, 1_000);
        if (deliverSubject != null && deliverSubject.isEmpty()) {
            deliverSubject = null;
        }
        if (deliverSubject != null
                && (!Subjects.isValidSubject(deliverSubject)
                        || deliverSubject.startsWith("$SYS."))) {
            throw new IllegalArgumentException(
                    "deliver_subject: '"
                            + deliverSubject
                            + "' is not a valid subject outside $SYS");
        }
        if (deadLetterStream != null && deadLetterStream.isEmpty()) {
            deadLetterStream = null;
        }
        if (deadLetterStream != null) {
            StreamConfig.checkName("dead_letter_stream", deadLetterStream);
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("max_waiting must be >= 0, got " + maxWaiting);
        }
        maxWaiting = maxWaiting == 0 ? 512 : maxWaiting;
    }

    /**
     * @param name the consumer's name
     * @return a builder with the defaults (a pull consumer from the first message, explicit ack)
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * @return whether the broker pushes deliveries to {@link #deliverSubject()}
     */
    public boolean isPush() {
        return deliverSubject != null;
    }

    /**
     * The delay before the next delivery of a message that has had {@code deliveries} deliveries,
     * without jitter.
     *
     * @param deliveries deliveries so far (1 or more)
     * @return the delay in milliseconds
     */
    public long backoffMs(long deliveries) {
        double d = backoffInitialMs * Math.pow(backoffMultiplier, Math.max(0, deliveries - 1));
        return (long) Math.min(backoffMaxMs, d);
    }

    private static long positive(String field, long value, long dflt) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
        return value == 0 ? dflt : value;
    }

    /** Builds a {@link ConsumerConfig}; {@link #build()} validates. */
    public static final class Builder {
        private final String name;
        private String description;
        private String filterSubject;
        private DeliverPolicy deliverPolicy;
        private long optStartSeq;
        private String optStartTime;
        private AckPolicy ackPolicy;
        private long ackWaitMs;
        private long backoffInitialMs;
        private long backoffMaxMs;
        private double backoffMultiplier;
        private Double backoffJitter;
        private long maxDeliver;
        private long maxAckPending;
        private String deliverSubject;
        private String deadLetterStream;
        private int maxWaiting;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * @param v free text @return this
         */
        public Builder description(String v) {
            description = v;
            return this;
        }

        /**
         * @param v a subject pattern @return this
         */
        public Builder filterSubject(String v) {
            filterSubject = v;
            return this;
        }

        /**
         * @param v where delivery starts @return this
         */
        public Builder deliverPolicy(DeliverPolicy v) {
            deliverPolicy = v;
            return this;
        }

        /**
         * @param v the first sequence (by_start_sequence) @return this
         */
        public Builder startSequence(long v) {
            deliverPolicy = DeliverPolicy.BY_START_SEQUENCE;
            optStartSeq = v;
            return this;
        }

        /**
         * @param v the first time (by_start_time) @return this
         */
        public Builder startTime(Instant v) {
            deliverPolicy = DeliverPolicy.BY_START_TIME;
            optStartTime = v.toString();
            return this;
        }

        /**
         * @param v the ack policy @return this
         */
        public Builder ackPolicy(AckPolicy v) {
            ackPolicy = v;
            return this;
        }

        /**
         * @param v the lease in ms @return this
         */
        public Builder ackWaitMs(long v) {
            ackWaitMs = v;
            return this;
        }

        /**
         * @param initialMs the first redelivery delay
         * @param maxMs the cap
         * @param multiplier growth per delivery
         * @param jitter random spread 0..1
         * @return this
         */
        public Builder backoff(long initialMs, long maxMs, double multiplier, double jitter) {
            backoffInitialMs = initialMs;
            backoffMaxMs = maxMs;
            backoffMultiplier = multiplier;
            backoffJitter = jitter;
            return this;
        }

        /**
         * @param v the most deliveries, -1 for none @return this
         */
        public Builder maxDeliver(long v) {
            maxDeliver = v;
            return this;
        }

        /**
         * @param v the most outstanding deliveries @return this
         */
        public Builder maxAckPending(long v) {
            maxAckPending = v;
            return this;
        }

        /**
         * @param v the push subject @return this
         */
        public Builder deliverSubject(String v) {
            deliverSubject = v;
            return this;
        }

        /**
         * @param v the dead-letter stream @return this
         */
        public Builder deadLetterStream(String v) {
            deadLetterStream = v;
            return this;
        }

        /**
         * @param v the most waiting pull requests @return this
         */
        public Builder maxWaiting(int v) {
            maxWaiting = v;
            return this;
        }

        /**
         * @return the definition
         * @throws IllegalArgumentException naming the invalid field
         */
        public ConsumerConfig build() {
            return new ConsumerConfig(
                    name,
                    description,
                    filterSubject,
                    deliverPolicy,
                    optStartSeq,
                    optStartTime,
                    ackPolicy,
                    ackWaitMs,
                    backoffInitialMs,
                    backoffMaxMs,
                    backoffMultiplier,
                    backoffJitter,
                    maxDeliver,
                    maxAckPending,
                    deliverSubject,
                    deadLetterStream,
                    maxWaiting);
        }
    }
}
