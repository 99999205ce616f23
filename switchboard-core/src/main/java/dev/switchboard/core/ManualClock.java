package dev.switchboard.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for tests of timeouts, TTLs and backoff. Both readings
 * advance together. Thread-safe: any thread may advance it.
 */
public final class ManualClock implements Clock {
    private final Instant origin;
    private final AtomicLong elapsedNanos = new AtomicLong();

    /**
     * @param origin the wall-clock time at which the clock starts
     */
    public ManualClock(Instant origin) {
        this.origin = origin;
    }

    /** Starts at 2026-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /**
     * Moves time forward.
     *
     * @param amount how far; must not be negative
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: " + amount);
        }
        elapsedNanos.addAndGet(amount.toNanos());
    }

    @Override
    public long nanoTime() {
        return elapsedNanos.get();
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(elapsedNanos.get());
    }
}
