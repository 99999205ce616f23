package dev.switchboard.concurrent.internal;

import dev.switchboard.core.message.Priority;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A job whose caller holds a future: the queue entry, and its {@link JobFuture}. As a {@link
 * Runnable} it is what {@code shutdownNow} hands back: running it runs the job and completes the
 * future, unless the job ran or was cancelled since.
 *
 * @param <T> the result type
 */
final class FutureJob<T> extends Job implements Runnable {
    final LaneRuntime lane;
    final Callable<T> callable;
    final Runnable runnable;
    final JobFuture<T> future;

    /** The body's result between {@link #execute()} and {@link #publish}; same thread. */
    private T value;

    private FutureJob(
            LaneRuntime lane, Priority priority, Callable<T> callable, Runnable runnable) {
        super(priority);
        this.lane = lane;
        this.callable = callable;
        this.runnable = runnable;
        this.future = new JobFuture<>(this);
    }

    static FutureJob<Void> ofRunnable(LaneRuntime lane, Runnable job, Priority priority) {
        return new FutureJob<>(lane, priority, null, job);
    }

    static <T> FutureJob<T> ofCallable(LaneRuntime lane, Callable<T> job, Priority priority) {
        return new FutureJob<>(lane, priority, job, null);
    }

    @Override
    boolean settled() {
        return future.isDone();
    }

    @Override
    Throwable execute() {
        if (callable == null) {
            return runCatching(runnable);
        }
        try {
            value = callable.call();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Override
    void publish(Throwable failure) {
        T result = value;
        value = null;
        if (failure == null) {
            future.complete(result);
        } else {
            future.completeExceptionally(failure);
        }
    }

    @Override
    Runnable forShutdownNow() {
        return this;
    }

    /**
     * Runs a job that {@code shutdownNow} returned. Does nothing if it ran or was cancelled since.
     */
    @Override
    public void run() {
        if (claimDrainedOrQueued() && !future.isDone()) {
            publish(execute());
        }
    }

    @Override
    public String toString() {
        return future.toString();
    }

    /**
     * The future a caller holds.
     *
     * <p>Cancelling: if the job has not started it never runs, the future completes with a {@link
     * java.util.concurrent.CancellationException} and {@code cancel} returns {@code true}. Once the
     * job has started it is uncancellable (as in Netty): {@code cancel} returns {@code false} and
     * the future completes with the job's outcome. So {@code true} always means "did not and will
     * not run".
     *
     * @param <T> the result type
     */
    static final class JobFuture<T> extends CompletableFuture<T> {
        private final FutureJob<T> job;

        JobFuture(FutureJob<T> job) {
            this.job = job;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (job.cancelQueued()) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                job.lane.recordCancelled();
                return cancelled;
            }
            if (job.cancelDrained()) {
                // Returned by shutdownNow and not run since: now it never will be.
                return super.cancel(mayInterruptIfRunning);
            }
            if (job.isRunning()) {
                return false;
            }
            // Revoked (its submitter was refused) or already cancelled.
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public String toString() {
            Object body = job.callable != null ? job.callable : job.runnable;
            return "Job["
                    + job.lane.lane()
                    + ", "
                    + job.priority
                    + ", "
                    + body
                    + ", "
                    + super.toString()
                    + "]";
        }
    }
}
