package dev.switchboard.concurrent.internal;

import dev.switchboard.core.message.Priority;

/**
 * One queued job, as the lanes' queues hold it (besides bare Runnables, see {@link
 * LaneRuntime#execute}): {@link PlainJob} for fire-and-forget jobs (32 bytes: the Runnable, its
 * priority, stamp and state; no future), {@link FutureJob} for jobs with a future (the job is its
 * own future).
 *
 * <p>Design note: every exit from the queue goes through one compare-and-set on the job's state
 * ({@link #casState}), so exactly one of run, cancel, revoke (a submission that raced with
 * shutdown) or drain ({@code shutdownNow}) wins. A job whose future is cancelled while queued
 * therefore never runs. The submitter {@linkplain #stamp stamps} the job before the queue's
 * release-store publishes it, so the worker that takes it reads the stamp safely.
 *
 * <p>Design note — one object per job, and why fire-and-forget jobs are not futures: a worker's
 * first touch of a job is a cache miss (the submitter wrote it on another core, usually in the same
 * cache lines as the jobs it allocated just before and after), and that miss was the largest single
 * cost of running a trivial job. SchedulerBenchmark, 2 submitters: a job padded from 56 to 88 bytes
 * ran 32% slower. So a fire-and-forget job is a 32-byte {@code PlainJob}, and a job with a future
 * is the future itself (56 bytes): as a job and a separate future (48 + 24 bytes) the worker missed
 * once to claim it and again to complete its future. Job is an interface so that {@code FutureJob}
 * can extend {@link java.util.concurrent.CompletableFuture}; each class keeps its state field and
 * compare-and-set, and the state machine is written here once.
 */
interface Job {
    int QUEUED = 0;
    int RUNNING = 1;
    int CANCELLED = 2;
    int REVOKED = 3;
    int DRAINED = 4;

    /**
     * The stamp of a job queued before its lane ever had two priority levels in use at once: until
     * then nothing could overtake it, so for aging its wait starts when that first happened (see
     * {@link JobPicker#competing()}). A lane used at one priority thus reads no clock.
     */
    long UNSTAMPED = Long.MIN_VALUE;

    Priority priority();

    /** When the job was queued, for aging and the queue-wait metric, or {@link #UNSTAMPED}. */
    long enqueuedNanos();

    /** Sets {@link #enqueuedNanos()}; by the submitter, before the queue publishes the job. */
    void stamp(long nanos);

    /** One compare-and-set on the job's state; the transitions below are all made of it. */
    boolean casState(int expected, int next);

    /** The job's state, read with volatile semantics. */
    int jobState();

    /** Takes the job to run it; false if someone else got it first. */
    default boolean claim() {
        return casState(QUEUED, RUNNING);
    }

    /**
     * Takes back a job whose submission raced with shutdown; false if it already ran or drained.
     */
    default boolean revoke() {
        return casState(QUEUED, REVOKED);
    }

    /** Takes the job out for {@code shutdownNow}; false if someone else got it first. */
    default boolean drain() {
        return casState(QUEUED, DRAINED);
    }

    /**
     * Takes a job that {@code shutdownNow} returned, to run it; false if it ran or was cancelled.
     */
    default boolean claimDrained() {
        return casState(DRAINED, RUNNING);
    }

    /** Cancels a queued job; false if it was no longer queued. */
    default boolean cancelQueued() {
        return casState(QUEUED, CANCELLED);
    }

    /** Cancels a job {@code shutdownNow} returned and nobody ran since; false otherwise. */
    default boolean cancelDrained() {
        return casState(DRAINED, CANCELLED);
    }

    default boolean isRunning() {
        return jobState() == RUNNING;
    }

    /**
     * Whether the job's future was completed by its holder while the job was queued (then the job
     * counts as cancelled and does not run). Always false for fire-and-forget jobs.
     */
    boolean settled();

    /**
     * Runs the body and keeps any result for {@link #publish}; a future is not completed yet, so
     * that metrics are recorded (and run time measured) before dependent stages run.
     *
     * @return what the body threw, or {@code null}
     */
    Throwable execute();

    /** Runs {@code body}; returns what it threw, or {@code null}. */
    static Throwable runCatching(Runnable body) {
        try {
            body.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Completes the future, if there is one, with the outcome of {@link #execute()}. */
    void publish(Throwable failure);

    /**
     * What {@code shutdownNow} hands back: the caller's own Runnable when no future is involved.
     */
    Runnable forShutdownNow();
}
