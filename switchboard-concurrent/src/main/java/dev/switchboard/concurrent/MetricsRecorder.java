package dev.switchboard.concurrent;

import dev.switchboard.core.message.Priority;

/**
 * Receives the scheduler's job events, to count them or feed a metrics library (a Micrometer
 * adapter maps each method to a counter or timer). Gauges follow from the counts: queued = queued
 * events − started − cancelled; running = started − completed − failed.
 *
 * <p>Implementations must be thread-safe and fast: methods are called on the hot path, from
 * submitting threads, worker threads and cancelling threads at once, and must not block or throw.
 * With {@link #noop()} the scheduler also skips the clock reads that time jobs.
 */
public interface MetricsRecorder {

    /**
     * A job entered a queue. Called on the submitting thread. A job run by its caller under {@link
     * FullQueuePolicy.CallerRuns} is reported as queued and then started with zero wait.
     *
     * @param lane where it will run
     * @param priority its priority
     */
    void jobQueued(Lane lane, Priority priority);

    /**
     * A job was refused. Called on the submitting thread.
     *
     * @param lane the lane it was meant for
     * @param reason why; never an accepting status
     */
    void jobRejected(Lane lane, SubmitStatus reason);

    /**
     * A job left its queue and is about to run. Called on the thread that runs it.
     *
     * @param lane where it runs
     * @param priority its priority
     * @param queueWaitNanos time from submission to start, by the scheduler's clock
     */
    void jobStarted(Lane lane, Priority priority, long queueWaitNanos);

    /**
     * A job returned normally. Called on the thread that ran it.
     *
     * @param lane where it ran
     * @param runNanos how long it ran, by the scheduler's clock
     */
    void jobCompleted(Lane lane, long runNanos);

    /**
     * A job threw. Called on the thread that ran it.
     *
     * @param lane where it ran
     * @param runNanos how long it ran, by the scheduler's clock
     * @param error what it threw
     */
    void jobFailed(Lane lane, long runNanos, Throwable error);

    /**
     * A queued job left its queue without running: its future was cancelled or completed by someone
     * else, or {@link JobScheduler#shutdownNow()} returned it. Called on the cancelling thread, the
     * worker that skipped it, or the thread that called {@code shutdownNow}.
     *
     * @param lane the lane it was queued in
     */
    void jobCancelled(Lane lane);

    /**
     * @return a recorder that ignores everything; the default
     */
    static MetricsRecorder noop() {
        return dev.switchboard.concurrent.internal.NoopMetricsRecorder.INSTANCE;
    }
}
