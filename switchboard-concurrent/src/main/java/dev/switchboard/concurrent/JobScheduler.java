package dev.switchboard.concurrent;

import dev.switchboard.concurrent.internal.WorkStealingScheduler;
import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs jobs by {@link Priority} on lanes of worker threads.
 *
 * <p><b>Ordering.</b> Each lane serves its highest-priority queued job first, first-in first-out
 * within a priority, except that a job that has waited at least the configured {@link
 * SchedulerConfig#agingThreshold() aging threshold} is served before higher-priority jobs that have
 * waited less, so low priorities never starve. A job's wait counts from when it was queued; if no
 * other priority was in use in its lane at that moment (nothing could overtake it), from when a
 * higher-priority job first competed with it. With several workers the order is a best effort: jobs
 * taken at the same moment by different workers may start in any order.
 *
 * <p><b>Lanes.</b> Jobs without a lane run on {@link Lane#SHARED}, a pool of platform threads with
 * one bounded queue per worker and priority; idle workers steal from busy ones and park when there
 * is nothing to steal. Further lanes are declared in the {@link SchedulerConfig}; {@link
 * Lane#BLOCKING} runs jobs on virtual threads up to a concurrency limit.
 *
 * <p><b>Backpressure.</b> Queues are bounded. When the queue for a job's priority is full, the
 * lane's {@link FullQueuePolicy} decides: refuse, wait, or run on the caller. The {@code try*}
 * methods report a refusal as a value; {@code submit} and {@code execute} throw {@link
 * RejectedJobException}.
 *
 * <p><b>Futures.</b> {@code submit} returns a {@link CompletableFuture}. {@code cancel} returns
 * {@code true} only while the job is still queued, and then the job never runs; once a job has
 * started it is uncancellable: {@code cancel} returns {@code false} and the future completes with
 * the job's outcome. Completing the future by hand while the job is queued also keeps it from
 * running. Dependent stages run on the thread that completes the future — the worker — unless an
 * {@code *Async} variant is used.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread, including from inside jobs
 * (a job submitted from a worker goes to that worker's own queues; other threads' jobs go to
 * submission queues picked by thread id, see {@link LaneConfig}).
 */
@SuppressWarnings("overloads") // Runnable/Callable overloads, as in ExecutorService
public interface JobScheduler extends Executor, AutoCloseable {

    /**
     * Starts a scheduler: its platform workers are running when this returns.
     *
     * @param config the configuration
     * @return the running scheduler
     */
    static JobScheduler create(SchedulerConfig config) {
        return new WorkStealingScheduler(config);
    }

    /**
     * @return a running scheduler with {@link SchedulerConfig#defaults()}
     */
    static JobScheduler create() {
        return create(SchedulerConfig.defaults());
    }

    // ---- fire and forget ----

    /**
     * Runs {@code job} at {@link Priority#NORMAL} on the shared pool. Failures go to the {@link
     * JobErrorHandler}.
     *
     * @throws RejectedJobException if the job is refused
     */
    @Override
    default void execute(Runnable job) {
        execute(Lane.SHARED, job, Priority.NORMAL);
    }

    /**
     * Runs {@code job} on the shared pool. Failures go to the {@link JobErrorHandler}.
     *
     * @param job the job
     * @param priority its priority
     * @throws RejectedJobException if the job is refused
     */
    default void execute(Runnable job, Priority priority) {
        execute(Lane.SHARED, job, priority);
    }

    /**
     * Runs {@code job} on {@code lane}. Failures go to the {@link JobErrorHandler}.
     *
     * @param lane where it runs
     * @param job the job
     * @param priority its priority
     * @throws RejectedJobException if the job is refused
     */
    void execute(Lane lane, Runnable job, Priority priority);

    /**
     * Like {@link #execute(Lane, Runnable, Priority)}, but reports a refusal as a value.
     *
     * @param lane where it runs
     * @param job the job
     * @param priority its priority
     * @return whether the job was taken, and if not, why
     */
    SubmitStatus tryExecute(Lane lane, Runnable job, Priority priority);

    // ---- with a future ----

    /**
     * Runs {@code job} on the shared pool.
     *
     * @param job the job
     * @param priority its priority
     * @return completes with {@code null} when the job returns, or with what it threw
     * @throws RejectedJobException if the job is refused
     */
    default CompletableFuture<Void> submit(Runnable job, Priority priority) {
        return submit(Lane.SHARED, job, priority);
    }

    /**
     * Runs {@code job} on the shared pool.
     *
     * @param job the job
     * @param priority its priority
     * @param <T> its result type
     * @return completes with the job's result, or with what it threw
     * @throws RejectedJobException if the job is refused
     */
    default <T> CompletableFuture<T> submit(Callable<T> job, Priority priority) {
        return submit(Lane.SHARED, job, priority);
    }

    /**
     * Runs {@code job} on {@code lane}.
     *
     * @param lane where it runs
     * @param job the job
     * @param priority its priority
     * @return completes with {@code null} when the job returns, or with what it threw
     * @throws RejectedJobException if the job is refused
     */
    CompletableFuture<Void> submit(Lane lane, Runnable job, Priority priority);

    /**
     * Runs {@code job} on {@code lane}.
     *
     * @param lane where it runs
     * @param job the job
     * @param priority its priority
     * @param <T> its result type
     * @return completes with the job's result, or with what it threw
     * @throws RejectedJobException if the job is refused
     */
    <T> CompletableFuture<T> submit(Lane lane, Callable<T> job, Priority priority);

    /**
     * Like {@link #submit(Lane, Runnable, Priority)}, but reports a refusal as a value.
     *
     * @param lane where it runs
     * @param job the job
     * @param priority its priority
     * @return the future, or why the job was refused
     */
    Submission<Void> trySubmit(Lane lane, Runnable job, Priority priority);

    /**
     * Like {@link #submit(Lane, Callable, Priority)}, but reports a refusal as a value.
     *
     * @param lane where it runs
     * @param job the job
     * @param priority its priority
     * @param <T> its result type
     * @return the future, or why the job was refused
     */
    <T> Submission<T> trySubmit(Lane lane, Callable<T> job, Priority priority);

    // ---- blocking jobs ----

    /**
     * Runs a job that blocks (I/O, locks, sleeping) on the {@link Lane#BLOCKING} lane at {@link
     * Priority#NORMAL}: on a virtual thread, at most the lane's concurrency limit at once.
     *
     * @param job the job
     * @param <T> its result type
     * @return completes with the job's result, or with what it threw
     * @throws RejectedJobException if the job is refused
     */
    default <T> CompletableFuture<T> submitBlocking(Callable<T> job) {
        return submit(Lane.BLOCKING, job, Priority.NORMAL);
    }

    /**
     * Runs a job that blocks on the {@link Lane#BLOCKING} lane at {@link Priority#NORMAL}.
     *
     * @param job the job
     * @return completes with {@code null} when the job returns, or with what it threw
     * @throws RejectedJobException if the job is refused
     */
    default CompletableFuture<Void> submitBlocking(Runnable job) {
        return submit(Lane.BLOCKING, job, Priority.NORMAL);
    }

    // ---- life cycle ----

    /**
     * Stops taking jobs; jobs already queued still run. Returns at once; use {@link
     * #awaitTermination(Duration)} to wait. Idempotent. A fire-and-forget job accepted at the same
     * moment that no worker takes runs on the thread that submitted it, inside {@code execute},
     * once the lane's workers have stopped.
     */
    void shutdown();

    /**
     * Stops taking jobs, interrupts running jobs, and removes the queued ones without running them.
     * Their futures stay incomplete; each returned {@link Runnable} runs its job and completes its
     * future if you run it. Fire-and-forget jobs are returned as submitted. A fire-and-forget job
     * accepted while this call was under way is returned, or runs: on a worker, or, if it was
     * queued after this call emptied its lane, on the thread that submitted it, inside {@code
     * execute}.
     *
     * @return the queued jobs that did not run, in no particular order
     */
    List<Runnable> shutdownNow();

    /**
     * Waits until every worker has stopped after {@link #shutdown()} or {@link #shutdownNow()}.
     *
     * @param timeout how long to wait, by the scheduler's clock
     * @return {@code true} if terminated, {@code false} if the timeout passed first
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * @return whether {@link #shutdown()} or {@link #shutdownNow()} was called
     */
    boolean isShutdown();

    /**
     * @return whether every worker has stopped after a shutdown
     */
    boolean isTerminated();

    /**
     * {@link #shutdown()}, then waits for termination; if interrupted while waiting, calls {@link
     * #shutdownNow()} and keeps the interrupt flag set.
     */
    @Override
    void close();

    // ---- inspection ----

    /**
     * @return the configured lanes
     */
    Set<Lane> lanes();

    /**
     * @param lane a lane
     * @return about how many jobs are queued in it now (a racy sum of queue sizes); 0 for an
     *     unknown lane
     */
    int queuedJobs(Lane lane);
}
