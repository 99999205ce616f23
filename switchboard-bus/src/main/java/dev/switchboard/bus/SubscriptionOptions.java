package dev.switchboard.bus;

import dev.switchboard.core.message.Subjects;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How a subscription buffers, delivers, shares and retries. Immutable; build with {@link
 * #builder()}, whose setters validate at once.
 *
 * <p>Defaults: no queue group; buffer of {@value #DEFAULT_CAPACITY}; {@link
 * OverflowPolicy#DROP_NEWEST}; {@link DeliveryMode#EXECUTOR} on the bus's default executor; {@link
 * RetryPolicy#none()}; dead letters to {@code $DLQ.<original subject>}.
 */
public final class SubscriptionOptions {
    /** The default buffer capacity, in messages. */
    public static final int DEFAULT_CAPACITY = 1024;

    /** The largest buffer capacity, in messages. */
    public static final int MAX_CAPACITY = 1 << 30;

    /**
     * The largest {@link OverflowPolicy#DROP_OLDEST} capacity: such a buffer allocates its capacity
     * up front for each priority level it receives (about 12 MiB per level at this size).
     */
    public static final int MAX_DROP_OLDEST_CAPACITY = 1 << 20;

    private static final SubscriptionOptions DEFAULTS = builder().build();

    private final String queueGroup;
    private final QueueStrategy queueStrategy;
    private final String hashHeader;
    private final int capacity;
    private final OverflowPolicy overflowPolicy;
    private final Duration blockTimeout;
    private final DeliveryMode deliveryMode;
    private final Executor executor;
    private final RetryPolicy retryPolicy;
    private final String deadLetterSubject;

    private SubscriptionOptions(Builder b) {
        this.queueGroup = b.queueGroup;
        this.queueStrategy = b.queueStrategy;
        this.hashHeader = b.hashHeader;
        this.capacity = b.capacity;
        this.overflowPolicy = b.overflowPolicy;
        this.blockTimeout = b.blockTimeout;
        this.deliveryMode = b.deliveryMode;
        this.executor = b.executor;
        this.retryPolicy = b.retryPolicy;
        this.deadLetterSubject = b.deadLetterSubject;
    }

    /**
     * @return the defaults
     */
    public static SubscriptionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder starting from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the queue group, if any
     */
    public Optional<String> queueGroup() {
        return Optional.ofNullable(queueGroup);
    }

    /**
     * @return how the queue group picks a member
     */
    public QueueStrategy queueStrategy() {
        return queueStrategy;
    }

    /**
     * @return the header hashed by {@link QueueStrategy#CONSISTENT_HASH}; {@code null} otherwise
     */
    public String hashHeader() {
        return hashHeader;
    }

    /**
     * @return the buffer capacity, in messages
     */
    public int capacity() {
        return capacity;
    }

    /**
     * @return what happens when the buffer is full
     */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /**
     * @return how long {@link OverflowPolicy#BLOCK} waits for room
     */
    public Duration blockTimeout() {
        return blockTimeout;
    }

    /**
     * @return which thread runs the handler
     */
    public DeliveryMode deliveryMode() {
        return deliveryMode;
    }

    /**
     * @return the executor for {@link DeliveryMode#EXECUTOR}, if one was given (else the bus's)
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /**
     * @return how a failing handler is retried
     */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * @param originalSubject the subject of the failed message
     * @return where dead letters go: the configured subject, or {@code $DLQ.<originalSubject>}
     */
    public String deadLetterSubject(String originalSubject) {
        return deadLetterSubject != null
                ? deadLetterSubject
                : DeadLetters.DEFAULT_PREFIX + originalSubject;
    }

    /** Builds {@link SubscriptionOptions}. Not thread-safe. */
    public static final class Builder {
        private String queueGroup;
        private QueueStrategy queueStrategy = QueueStrategy.ROUND_ROBIN;
        private String hashHeader;
        private int capacity = DEFAULT_CAPACITY;
        private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_NEWEST;
        private Duration blockTimeout = Duration.ofSeconds(1);
        private DeliveryMode deliveryMode = DeliveryMode.EXECUTOR;
        private Executor executor;
        private RetryPolicy retryPolicy = RetryPolicy.none();
        private String deadLetterSubject;

        private Builder() {}

        /**
         * Joins a queue group with {@link QueueStrategy#ROUND_ROBIN}.
         *
         * @param name the group name: not empty, no whitespace
         * @return this builder
         */
        public Builder queueGroup(String name) {
            return queueGroup(name, QueueStrategy.ROUND_ROBIN);
        }

        /**
         * Joins a queue group. Use {@link #consistentHash} for {@link
         * QueueStrategy#CONSISTENT_HASH}.
         *
         * @param name the group name: not empty, no whitespace
         * @param strategy how the group picks a member; must agree with the group's existing
         *     members
         * @return this builder
         */
        public Builder queueGroup(String name, QueueStrategy strategy) {
            Objects.requireNonNull(strategy, "strategy");
            if (strategy == QueueStrategy.CONSISTENT_HASH) {
                throw new IllegalArgumentException(
                        "CONSISTENT_HASH needs a header key: use consistentHash(name, header)");
            }
            this.queueGroup = checkGroup(name);
            this.queueStrategy = strategy;
            this.hashHeader = null;
            return this;
        }

        /**
         * Joins a queue group that routes by {@link QueueStrategy#CONSISTENT_HASH} of a header.
         *
         * @param name the group name
         * @param header the header whose value picks the member
         * @return this builder
         */
        public Builder consistentHash(String name, String header) {
            if (header == null || header.isEmpty()) {
                throw new IllegalArgumentException("hash header must not be empty");
            }
            this.queueGroup = checkGroup(name);
            this.queueStrategy = QueueStrategy.CONSISTENT_HASH;
            this.hashHeader = header;
            return this;
        }

        /**
         * @param messages buffer capacity, from 1 to {@link #MAX_CAPACITY}; a drop-oldest buffer
         *     allocates its whole capacity for each priority level it receives, when that level is
         *     first used; others grow as they fill
         * @return this builder
         */
        public Builder capacity(int messages) {
            if (messages < 1 || messages > MAX_CAPACITY) {
                throw new IllegalArgumentException(
                        "capacity must be between 1 and " + MAX_CAPACITY + ", got " + messages);
            }
            this.capacity = messages;
            return this;
        }

        /**
         * @param policy what to do when the buffer is full; for {@link OverflowPolicy#BLOCK} see
         *     {@link #block(Duration)}
         * @return this builder
         */
        public Builder overflow(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * {@link OverflowPolicy#BLOCK} with a timeout.
         *
         * @param timeout how long a publisher waits for room; positive
         * @return this builder
         */
        public Builder block(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("block timeout must be positive: " + timeout);
            }
            this.overflowPolicy = OverflowPolicy.BLOCK;
            this.blockTimeout = timeout;
            return this;
        }

        /**
         * Runs the handler on the publishing thread ({@link DeliveryMode#CALLER}).
         *
         * @return this builder
         */
        public Builder callerThread() {
            this.deliveryMode = DeliveryMode.CALLER;
            this.executor = null;
            return this;
        }

        /**
         * Runs the handler on the given executor ({@link DeliveryMode#EXECUTOR}).
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.deliveryMode = DeliveryMode.EXECUTOR;
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Runs the handler on virtual threads ({@link DeliveryMode#VIRTUAL_THREAD}).
         *
         * @return this builder
         */
        public Builder virtualThreads() {
            this.deliveryMode = DeliveryMode.VIRTUAL_THREAD;
            this.executor = null;
            return this;
        }

        /**
         * @param policy how a failing handler is retried before dead-lettering
         * @return this builder
         */
        public Builder retry(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param subject where dead letters go, instead of {@code $DLQ.<original subject>}
         * @return this builder
         */
        public Builder deadLetterSubject(String subject) {
            this.deadLetterSubject = Subjects.requireValidSubject(subject);
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException for a {@link OverflowPolicy#DROP_OLDEST} capacity above
         *     {@link #MAX_DROP_OLDEST_CAPACITY}
         */
        public SubscriptionOptions build() {
            if (overflowPolicy == OverflowPolicy.DROP_OLDEST
                    && capacity > MAX_DROP_OLDEST_CAPACITY) {
                throw new IllegalArgumentException(
                        "a DROP_OLDEST buffer allocates its capacity up front for each priority"
                                + " level; capacity must be at most "
                                + MAX_DROP_OLDEST_CAPACITY
                                + ", got "
                                + capacity);
            }
            return new SubscriptionOptions(this);
        }

        private static String checkGroup(String name) {
            if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException(
                        "queue group name must be non-empty without whitespace: '" + name + "'");
            }
            return name;
        }
    }
}
