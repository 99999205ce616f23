package dev.switchboard.bus;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how late a failing handler is called again: up to {@link #maxAttempts()} calls in
 * all, waiting {@code initialBackoff * multiplier^(n-1)} (capped at {@link #maxBackoff()}) after
 * the n-th failure, less a random part of at most {@code jitter} of it. The wait is measured on the
 * bus clock; during it the subscription delivers nothing else (order is kept).
 *
 * @param maxAttempts handler calls in all, including the first; at least 1
 * @param initialBackoff the wait after the first failure; not negative
 * @param maxBackoff the longest wait; at least {@code initialBackoff}
 * @param multiplier growth per failure; at least 1
 * @param jitter the fraction of each wait that is random, 0 (none) to 1 (full jitter)
 */
public record RetryPolicy(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        double multiplier,
        double jitter) {

    private static final RetryPolicy NONE =
            new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);

    /** Validates every field. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= initialBackoff <= maxBackoff, got "
                            + initialBackoff
                            + " and "
                            + maxBackoff);
        }
        if (!(multiplier >= 1.0) || !(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException(
                    "need multiplier >= 1 and 0 <= jitter <= 1, got "
                            + multiplier
                            + " and "
                            + jitter);
        }
    }

    /**
     * @return one attempt, no retry: a failing message is dead-lettered at once
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Exponential backoff doubling from {@code initialBackoff}, capped at {@code maxBackoff}, with
     * 20% jitter.
     *
     * @param maxAttempts handler calls in all
     * @param initialBackoff the first wait
     * @param maxBackoff the longest wait
     * @return the policy
     */
    public static RetryPolicy exponential(
            int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, 2.0, 0.2);
    }

    /**
     * @param failedAttempts how many calls have failed so far, at least 1
     * @param random the source of jitter
     * @return how long to wait before the next call, in nanoseconds
     */
    public long backoffNanos(int failedAttempts, RandomGenerator random) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be >= 1");
        }
        double base =
                initialBackoff.toNanos() * Math.pow(multiplier, Math.min(failedAttempts - 1, 62));
        double capped = Math.min(base, (double) maxBackoff.toNanos());
        double withJitter = jitter == 0 ? capped : capped * (1.0 - jitter * random.nextDouble());
        return (long) withJitter;
    }
}
