package dev.switchboard.concurrent.internal;

import dev.switchboard.core.message.Priority;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * One queued job, and its future. A single object per submission: the future a caller sees is the
 * queue entry itself.
 *
 * <p>Design note: every exit from the queue goes through one compare-and-set on {@link #state}, so
 * exactly one of run, cancel, revoke (a submission that raced with shutdown) or drain ({@code
 * shutdownNow}) wins. A job whose future is cancelled while queued therefore never runs. The
 * submitter writes {@link #enqueuedNanos} before the queue's release-store publishes the job, so
 * the worker that takes it reads the stamp safely.
 *
 * @param <T> the result type
 */
final class Job<T> extends CompletableFuture<T> implements Runnable {
    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int CANCELLED = 2;
    static final int REVOKED = 3;
    static final int DRAINED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Job.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LaneRuntime lane;
    final Priority priority;
    private final Runnable runnable;
    private final Callable<T> callable;

    /** Whether anyone holds the future; fire-and-forget jobs skip completing it. */
    final boolean exposed;

    long enqueuedNanos;

    /** The body's result between {@link #execute()} and {@link #publish}; same thread. */
    private T value;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    private Job(
            LaneRuntime lane,
            Priority priority,
            Runnable runnable,
            Callable<T> callable,
            boolean exposed) {
        this.lane = lane;
        this.priority = priority;
        this.runnable = runnable;
        this.callable = callable;
        this.exposed = exposed;
    }

    static Job<Void> fireAndForget(LaneRuntime lane, Runnable job, Priority priority) {
        return new Job<>(lane, priority, job, null, false);
    }

    static Job<Void> ofRunnable(LaneRuntime lane, Runnable job, Priority priority) {
        return new Job<>(lane, priority, job, null, true);
    }

    static <T> Job<T> ofCallable(LaneRuntime lane, Callable<T> job, Priority priority) {
        return new Job<>(lane, priority, null, job, true);
    }

    /** Takes the job to run it; false if someone else got it first. */
    boolean claim() {
        return STATE.compareAndSet(this, QUEUED, RUNNING);
    }

    /**
     * Takes back a job whose submission raced with shutdown; false if it already ran or drained.
     */
    boolean revoke() {
        return STATE.compareAndSet(this, QUEUED, REVOKED);
    }

    /** Takes the job out for {@code shutdownNow}; false if someone else got it first. */
    boolean drain() {
        return STATE.compareAndSet(this, QUEUED, DRAINED);
    }

    /**
     * Runs the body and keeps its result for {@link #publish}; the future is not completed yet, so
     * that metrics are recorded (and run time measured) before dependent stages run.
     *
     * @return what the body threw, or {@code null}
     */
    Throwable execute() {
        try {
            if (callable != null) {
                value = callable.call();
            } else {
                runnable.run();
            }
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Completes the future, if anyone holds it, with the outcome of {@link #execute()}. */
    void publish(Throwable failure) {
        if (!exposed) {
            return;
        }
        T result = value;
        value = null;
        if (failure == null) {
            complete(result);
        } else {
            completeExceptionally(failure);
        }
    }

    /**
     * What {@code shutdownNow} hands back: the caller's own Runnable when no future is involved.
     */
    Runnable forShutdownNow() {
        return exposed ? this : runnable;
    }

    /** The submitted Runnable, for the error handler. */
    Runnable submitted() {
        return runnable != null ? runnable : this;
    }

    /**
     * Runs a job that {@code shutdownNow} returned. Does nothing if it ran or was cancelled since.
     */
    @Override
    public void run() {
        if (STATE.compareAndSet(this, DRAINED, RUNNING) || claim()) {
            if (!isDone()) {
                publish(execute());
            }
        }
    }

    /**
     * Cancels the job if it has not started: then it never runs, the future completes with a {@link
     * java.util.concurrent.CancellationException} and this returns {@code true}. Once the job has
     * started it is uncancellable (as in Netty): this returns {@code false} and the future
     * completes with the job's outcome. So {@code true} always means "did not and will not run".
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (STATE.compareAndSet(this, QUEUED, CANCELLED)) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            lane.recordCancelled();
            return cancelled;
        }
        if ((int) STATE.getVolatile(this) == RUNNING) {
            return false;
        }
        // Drained by shutdownNow (or revoked): not running; cancelling keeps run() from running it.
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public String toString() {
        Object body = callable != null ? callable : runnable;
        return "Job[" + lane.lane() + ", " + priority + ", " + body + ", " + super.toString() + "]";
    }
}
