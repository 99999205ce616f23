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
     * A monotonic reading that may be up to about a millisecond old (more on an overloaded
     * machine), never newer than {@link #nanoTime()}. For stamping many events where a coarse
     * reading is enough (a job's enqueue time for priority aging): on the system clock it is a
     * volatile read instead of a {@code clock_gettime} call. The default is {@link #nanoTime()}, so
     * manual clocks stay exact.
     *
     * @return a monotonic reading in nanoseconds, only meaningful as a difference
     */
    default long coarseNanoTime() {
        return nanoTime();
    }

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
