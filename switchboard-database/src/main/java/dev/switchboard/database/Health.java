package dev.switchboard.database;

import java.time.Duration;

/**
 * The result of {@link Database#health()}: whether a validation query answered in time, how long it
 * took and the pool's state.
 *
 * @param status {@link Status#UP} when the validation query answered within its timeout
 * @param latency how long borrowing a connection and running the validation query took
 * @param pool the pool's state after the check
 * @param error why the check failed; {@code null} when {@link Status#UP}
 */
public record Health(Status status, Duration latency, PoolStats pool, String error) {

    /** Whether the database answered. */
    public enum Status {
        /** The validation query answered within its timeout. */
        UP,
        /** No connection, an error, or no answer within the timeout. */
        DOWN
    }

    /**
     * @return whether {@link #status()} is {@link Status#UP}
     */
    public boolean isUp() {
        return status == Status.UP;
    }
}
