package dev.switchboard.database;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * How a whole transaction is retried after a transient failure: at most {@link #maxAttempts()}
 * runs, waiting an exponentially growing, jittered backoff between them. Only failures whose
 * SQLState the policy accepts are retried (by default serialization failure {@code 40001}, deadlock
 * {@code 40P01} and connection exceptions {@code 08xxx}, see {@link SqlStates#isTransient}); every
 * other exception propagates at once. Single statements are never retried, only whole transactions:
 * after a serialization failure PostgreSQL has aborted the transaction, so the only correct retry
 * re-runs the work from its start.
 *
 * <p>The backoff before attempt {@code n + 1} is {@code b = min(maxBackoff, initialBackoff ×
 * multiplier^(n-1))}, of which the fraction {@code jitter} is replaced by a uniform random amount:
 * {@code b × (1 - jitter) + random(0, b × jitter)}. Jitter keeps colliding transactions from
 * colliding again in lock-step.
 *
 * <p>Immutable and thread-safe; built by {@link #builder()}.
 */
public final class RetryPolicy {
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();
    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitter;
    private final Predicate<String> retryOn;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.retryOn = b.retryOn;
    }

    /**
     * @return a policy that runs a transaction once
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * @return 3 attempts, backoff 20 ms doubling up to 1 s, jitter 0.5, transient SQLStates
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder starting from {@link #defaults()}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the most times a transaction runs, at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * @return the base backoff before the second attempt
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * @return the cap on the base backoff
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * @return the factor by which the base backoff grows per attempt, at least 1
     */
    public double multiplier() {
        return multiplier;
    }

    /**
     * @return the randomized fraction of each backoff, in {@code [0, 1]}
     */
    public double jitter() {
        return jitter;
    }

    /**
     * @param sqlState the SQLState of a failure, or {@code null}
     * @return whether a transaction that failed with it may be tried again
     */
    public boolean retries(String sqlState) {
        return sqlState != null && retryOn.test(sqlState);
    }

    /**
     * The wait before the next attempt.
     *
     * @param failedAttempts how many attempts have failed so far, at least 1
     * @param random the source of jitter
     * @return the backoff; never negative, never above {@link #maxBackoff()}
     */
    public Duration backoff(int failedAttempts, RandomGenerator random) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException(
                    "failedAttempts must be at least 1, got " + failedAttempts);
        }
        double base = initialBackoff.toNanos() * Math.pow(multiplier, failedAttempts - 1);
        base = Math.min(base, maxBackoff.toNanos());
        double fixed = base * (1 - jitter);
        double random01 = random.nextDouble();
        return Duration.ofNanos((long) (fixed + random01 * base * jitter));
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts="
                + maxAttempts
                + ", initialBackoff="
                + initialBackoff
                + ", maxBackoff="
                + maxBackoff
                + ", multiplier="
                + multiplier
                + ", jitter="
                + jitter
                + '}';
    }

    /**
     * Builds a {@link RetryPolicy}. Setters throw {@link IllegalArgumentException} at once for a
     * bad value. Not thread-safe.
     */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(20);
        private Duration maxBackoff = Duration.ofSeconds(1);
        private double multiplier = 2.0;
        private double jitter = 0.5;
        private Predicate<String> retryOn = SqlStates::isTransient;

        private Builder() {}

        /**
         * @param attempts the most times a transaction runs, 1 to 100 (1 means no retry)
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException(
                        "maxAttempts must be in [1, 100], got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * @param backoff the base wait before the second attempt; not negative
         * @return this builder
         */
        public Builder initialBackoff(Duration backoff) {
            Objects.requireNonNull(backoff, "backoff");
            if (backoff.isNegative()) {
                throw new IllegalArgumentException(
                        "initialBackoff must not be negative, got " + backoff);
            }
            this.initialBackoff = backoff;
            return this;
        }

        /**
         * @param backoff the cap on the base wait; not negative
         * @return this builder
         */
        public Builder maxBackoff(Duration backoff) {
            Objects.requireNonNull(backoff, "backoff");
            if (backoff.isNegative()) {
                throw new IllegalArgumentException(
                        "maxBackoff must not be negative, got " + backoff);
            }
            this.maxBackoff = backoff;
            return this;
        }

        /**
         * @param factor growth per attempt, in {@code [1, 10]}
         * @return this builder
         */
        public Builder multiplier(double factor) {
            if (!(factor >= 1 && factor <= 10)) {
                throw new IllegalArgumentException("multiplier must be in [1, 10], got " + factor);
            }
            this.multiplier = factor;
            return this;
        }

        /**
         * @param fraction the randomized part of each backoff, in {@code [0, 1]}; 0 for none
         * @return this builder
         */
        public Builder jitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1], got " + fraction);
            }
            this.jitter = fraction;
            return this;
        }

        /**
         * Replaces the test for retryable SQLStates (by default {@link SqlStates#isTransient}).
         *
         * @param sqlStates returns true for the non-null SQLStates to retry
         * @return this builder
         */
        public Builder retryOn(Predicate<String> sqlStates) {
            this.retryOn = Objects.requireNonNull(sqlStates, "sqlStates");
            return this;
        }

        /**
         * @return the policy
         * @throws IllegalArgumentException if {@code initialBackoff > maxBackoff}
         */
        public RetryPolicy build() {
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalArgumentException(
                        "initialBackoff ("
                                + initialBackoff
                                + ") must not exceed maxBackoff ("
                                + maxBackoff
                                + ")");
            }
            return new RetryPolicy(this);
        }
    }
}
