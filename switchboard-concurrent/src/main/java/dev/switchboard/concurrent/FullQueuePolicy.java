package dev.switchboard.concurrent;

import java.time.Duration;
import java.util.Objects;

/**
 * What a submission does when the lane's queue for the job's priority is full. Each lane has one
 * policy ({@link LaneConfig#fullQueuePolicy()}).
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface FullQueuePolicy {

    /** Refuse at once: {@link SubmitStatus#QUEUE_FULL}, or {@link RejectedJobException}. */
    record Reject() implements FullQueuePolicy {}

    /**
     * Wait for space up to {@code timeout} (measured on the scheduler's {@link
     * dev.switchboard.core.Clock}), then refuse like {@link Reject}. The waiting thread blocks on a
     * {@link java.util.concurrent.locks.ReentrantLock}, so waiting is cheap on a virtual thread.
     *
     * @param timeout how long to wait; positive
     */
    record Block(Duration timeout) implements FullQueuePolicy {
        /**
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Block {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "block timeout must be positive, got " + timeout);
            }
        }
    }

    /**
     * Run the job on the submitting thread, before the submit call returns ({@link
     * SubmitStatus#RAN_BY_CALLER}). This slows the producer down to the pool's pace.
     */
    record CallerRuns() implements FullQueuePolicy {}

    /**
     * @return the {@link Reject} policy
     */
    static FullQueuePolicy reject() {
        return new Reject();
    }

    /**
     * @param timeout how long to wait for space; positive
     * @return the {@link Block} policy
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    static FullQueuePolicy block(Duration timeout) {
        return new Block(timeout);
    }

    /**
     * @return the {@link CallerRuns} policy
     */
    static FullQueuePolicy callerRuns() {
        return new CallerRuns();
    }
}
