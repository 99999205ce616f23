package dev.switchboard.concurrent.internal;

import dev.switchboard.core.message.Priority;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A job whose caller holds a future, and that future itself: one object, so the worker that takes
 * it claims and completes it in the same few cache lines (see {@link Job}). As a {@link Runnable}
 * it is what {@code shutdownNow} hands back: running it runs the job and completes the future,
 * unless the job ran or was cancelled since; running it at any other time does nothing.
 *
 * <p>Cancelling: if the job has not started it never runs, the future completes with a {@link
 * java.util.concurrent.CancellationException} and {@code cancel} returns {@code true}. Once the job
 * has started it is uncancellable (as in Netty): {@code cancel} returns {@code false} and the
 * future completes with the job's outcome. So {@code true} always means "did not and will not run".
 *
 * @param <T> the result type
 */
final class FutureJob<T> extends CompletableFuture<T> implements Job, Runnable {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(FutureJob.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LaneRuntime lane;
    private final Priority priority;
    private final Callable<T> callable;
    private final Runnable runnable;
    private long enqueuedNanos;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** The body's result between {@link #execute()} and {@link #publish}; same thread. */
    private T value;

    private FutureJob(
            LaneRuntime lane, Priority priority, Callable<T> callable, Runnable runnable) {
        this.lane = lane;
        this.priority = priority;
        this.callable = callable;
        this.runnable = runnable;
    }

    static FutureJob<Void> ofRunnable(LaneRuntime lane, Runnable job, Priority priority) {
        return new FutureJob<>(lane, priority, null, job);
    }

    static <T> FutureJob<T> ofCallable(LaneRuntime lane, Callable<T> job, Priority priority) {
        return new FutureJob<>(lane, priority, job, null);
    }

    @Override
    public Priority priority() {
        return priority;
    }

    @Override
    public long enqueuedNanos() {
        return enqueuedNanos;
    }

    @Override
    public void stamp(long nanos) {
        enqueuedNanos = nanos;
    }

    @Override
    public boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    @Override
    public int jobState() {
        return (int) STATE.getVolatile(this);
    }

    @Override
    public boolean settled() {
        return isDone();
    }

    @Override
    public Throwable execute() {
        if (callable == null) {
            return Job.runCatching(runnable);
        }
        try {
            value = callable.call();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Override
    public void publish(Throwable failure) {
        T result = value;
        value = null;
        if (failure == null) {
            complete(result);
        } else {
            completeExceptionally(failure);
        }
    }

    @Override
    public Runnable forShutdownNow() {
        return this;
    }

    /**
     * Runs a job that {@code shutdownNow} returned. Does nothing if it ran or was cancelled since,
     * and nothing for a job still queued: the caller holds this object as its future, and running
     * it from there would bypass its lane, priority and metrics while a worker skips it later.
     */
    @Override
    public void run() {
        if (claimDrained() && !isDone()) {
            publish(execute());
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (cancelQueued()) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            lane.recordCancelled();
            return cancelled;
        }
        if (cancelDrained()) {
            // Returned by shutdownNow and not run since: now it never will be.
            return super.cancel(mayInterruptIfRunning);
        }
        if (isRunning()) {
            return false;
        }
        // Revoked (its submitter was refused) or already cancelled.
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public String toString() {
        Object body = callable != null ? callable : runnable;
        return "Job[" + lane.lane() + ", " + priority + ", " + body + ", " + super.toString() + "]";
    }
}
