package dev.switchboard.core;

import java.time.Instant;

/**
 * The source of time for everything in Switchboard that waits, expires or stamps. Inject it, so
 * tests drive time with a {@link ManualClock} instead of sleeping.
 *
 * <p>Implementations are thread-safe.
 */
public interface Clock {

    /**
     * @return a monotonic reading in nanoseconds, only meaningful as a difference between two calls
     */
    long nanoTime();

    /**
     * @return the wall-clock time, for timestamps
     */
    Instant instant();

    /**
     * @return the wall-clock time in milliseconds since the epoch
     */
    default long epochMillis() {
        return instant().toEpochMilli();
    }

    /**
     * @return the clock backed by {@link System#nanoTime()} and {@link Instant#now()}
     */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
