package dev.switchboard.concurrent.internal;

import dev.switchboard.core.message.Priority;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One queued job, as the lanes' queues hold it (besides bare Runnables, see {@link
 * LaneRuntime#execute}): {@link PlainJob} for fire-and-forget jobs (32 bytes: the submitted
 * Runnable and nothing else), {@link FutureJob} for jobs with a future.
 *
 * <p>Design note: every exit from the queue goes through one compare-and-set on {@link #state}, so
 * exactly one of run, cancel, revoke (a submission that raced with shutdown) or drain ({@code
 * shutdownNow}) wins. A job whose future is cancelled while queued therefore never runs. The
 * submitter writes {@link #enqueuedNanos} before the queue's release-store publishes the job, so
 * the worker that takes it reads the stamp safely.
 *
 * <p>Design note — why fire-and-forget jobs are not futures: a worker's first touch of a job is a
 * cache miss (the submitter wrote it on another core, usually in the same cache lines as the jobs
 * it allocated just before and after), and that miss was the largest single cost of running a
 * trivial job. SchedulerBenchmark, 2 submitters: a job padded from 56 to 88 bytes ran 32% slower. A
 * job that was also its {@code CompletableFuture} took 56 bytes; a {@code PlainJob} takes 32.
 */
abstract class Job {
    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int CANCELLED = 2;
    static final int REVOKED = 3;
    static final int DRAINED = 4;

    /**
     * The {@link #enqueuedNanos} of a job queued before its lane ever had two priority levels in
     * use at once: until then nothing could overtake it, so for aging its wait starts when that
     * first happened (see {@link JobPicker#competing()}). A lane used at one priority thus reads no
     * clock.
     */
    static final long UNSTAMPED = Long.MIN_VALUE;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Job.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Priority priority;

    /**
     * When the job was queued, for aging and the queue-wait metric, or {@link #UNSTAMPED}. Written
     * by the submitter before the queue publishes the job.
     */
    long enqueuedNanos;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    Job(Priority priority) {
        this.priority = priority;
    }

    /** Takes the job to run it; false if someone else got it first. */
    final boolean claim() {
        return STATE.compareAndSet(this, QUEUED, RUNNING);
    }

    /**
     * Takes back a job whose submission raced with shutdown; false if it already ran or drained.
     */
    final boolean revoke() {
        return STATE.compareAndSet(this, QUEUED, REVOKED);
    }

    /** Takes the job out for {@code shutdownNow}; false if someone else got it first. */
    final boolean drain() {
        return STATE.compareAndSet(this, QUEUED, DRAINED);
    }

    /** Takes a job that {@code shutdownNow} returned, or one still queued, to run it. */
    final boolean claimDrainedOrQueued() {
        return STATE.compareAndSet(this, DRAINED, RUNNING) || claim();
    }

    /** Cancels a queued job; false if it was no longer queued. */
    final boolean cancelQueued() {
        return STATE.compareAndSet(this, QUEUED, CANCELLED);
    }

    /** Cancels a job {@code shutdownNow} returned and nobody ran since; false otherwise. */
    final boolean cancelDrained() {
        return STATE.compareAndSet(this, DRAINED, CANCELLED);
    }

    final boolean isRunning() {
        return (int) STATE.getVolatile(this) == RUNNING;
    }

    /**
     * Whether the job's future was completed by its holder while the job was queued (then the job
     * counts as cancelled and does not run). Always false for fire-and-forget jobs.
     */
    abstract boolean settled();

    /**
     * Runs the body and keeps any result for {@link #publish}; a future is not completed yet, so
     * that metrics are recorded (and run time measured) before dependent stages run.
     *
     * @return what the body threw, or {@code null}
     */
    abstract Throwable execute();

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
    abstract void publish(Throwable failure);

    /**
     * What {@code shutdownNow} hands back: the caller's own Runnable when no future is involved.
     */
    abstract Runnable forShutdownNow();
}
