package dev.switchboard.concurrent.internal;

import dev.switchboard.concurrent.FullQueuePolicy;
import dev.switchboard.concurrent.Lane;
import dev.switchboard.concurrent.LaneConfig;
import dev.switchboard.concurrent.MetricsRecorder;
import dev.switchboard.concurrent.SubmitStatus;
import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every lane does the same way: the submission pipeline with its full-queue policies, and
 * running one job with its metrics. Subclasses decide where a job is queued and who runs it.
 *
 * <p>Design note — submission racing with shutdown: a submitter checks the run state before it
 * queues and again after. If the scheduler stopped running in between, it tries to {@link
 * Job#revoke() revoke} the job; if that wins the job is refused, if it loses a worker (or {@code
 * shutdownNow}) already has the job, so it counts as accepted. A worker that exits reads the state
 * before its last look at the queues, and exits only if they are empty by their indices (a slot a
 * submitter has claimed but not filled yet counts as a job), so a job is never left behind accepted
 * but unrun. (A bare entry, next note, cannot be revoked; its submitter settles the race.)
 *
 * <p>Design note — bare fire-and-forget entries: while a lane has no timing recorder and has never
 * had two priority levels in use (so no job needs a stamp), {@link #execute} queues the submitted
 * Runnable itself rather than a {@link PlainJob}: no allocation, and no object for the worker to
 * fetch from the submitter's cache. Only one taker can take an entry from a queue, so nothing but
 * the shutdown race needs the job's state. A bare entry cannot be revoked, so a submitter that
 * finds the scheduler no longer running after queueing one keeps it accepted, waits until no thread
 * of the lane will take again ({@link #quiescent()}), and then runs on its own thread whatever is
 * still queued, which can only be entries queued in the same race: either a worker (or {@code
 * shutdownNow}) took the entry before, or this thread does, so it runs, or is returned, exactly
 * once. A lane's own thread submitting during {@code shutdown()} skips this: it takes the entry
 * itself before it exits.
 *
 * <p>Thread-safety: everything here may be called from any thread.
 */
abstract class LaneRuntime {
    final Lane lane;
    final LaneConfig config;
    final SchedulerContext ctx;
    final Clock clock;
    final MetricsRecorder metrics;
    final boolean timed;
    final RunState runState;

    private final FullQueuePolicy policy;
    private final boolean blockPolicy;
    private final ReentrantLock spaceLock = new ReentrantLock();
    private final Condition spaceFreed = spaceLock.newCondition();
    private final AtomicInteger blockedSubmitters = new AtomicInteger();

    /** Racy on purpose: at worst the failure is logged a few times. */
    private volatile boolean recorderFailureLogged;

    LaneRuntime(LaneConfig config, SchedulerContext ctx) {
        this.lane = config.lane();
        this.config = config;
        this.ctx = ctx;
        this.clock = ctx.clock();
        this.metrics = ctx.metrics();
        this.timed = ctx.timed();
        this.runState = ctx.runState();
        this.policy = config.fullQueuePolicy();
        this.blockPolicy = policy instanceof FullQueuePolicy.Block;
    }

    final Lane lane() {
        return lane;
    }

    /**
     * Puts an entry (a {@link Job}, or a bare Runnable from {@link #execute}) into one of the
     * lane's queues for {@code level}; false if they are full.
     */
    abstract boolean offer(Object entry, int level);

    /** Removes every queued entry, as it is, highest priority first, into {@code sink}. */
    abstract void takeAll(List<Object> sink);

    /** Whether every worker (platform lane) or runner (virtual lane) has finished for good. */
    abstract boolean threadsGone();

    /** Whether the calling thread is one of this lane's workers or runners. */
    abstract boolean ownsCurrentThread();

    /** Whether this lane has ever had two priority levels in use at once. */
    abstract boolean competing();

    /** Called after a job was queued, so that someone runs it. */
    abstract void signalWork();

    /** Called when a queued job was revoked by its submitter, which raced with shutdown. */
    abstract void onRevoked();

    /** Starts the lane's threads (platform lanes); called once by the scheduler. */
    abstract void start();

    /** Called once after the state became SHUTDOWN: wake idle threads so they drain and exit. */
    abstract void onShutdown();

    /** Called once after the state became STOP: interrupt running jobs and drain the queues. */
    abstract void onShutdownNow(List<Runnable> sink);

    /** Set once {@link #shutdownNow} has drained the lane. */
    private volatile boolean drained;

    /**
     * {@link #onShutdownNow}, then marks the lane drained.
     *
     * @param sink receives what the queues held, as {@code shutdownNow} returns it
     */
    final void shutdownNow(List<Runnable> sink) {
        onShutdownNow(sink);
        drained = true;
    }

    /**
     * Whether no thread of this lane will take from its queues again: its threads have all finished
     * after {@code shutdown}, or {@code shutdownNow} has drained it.
     */
    final boolean quiescent() {
        return drained || threadsGone();
    }

    /** About how many jobs are queued. */
    abstract int queued();

    /** How many jobs one priority level can hold, for messages. */
    abstract String capacityDescription();

    // ---- submission ----

    /**
     * Queues a fire-and-forget job. While the lane has no timing recorder and has never had two
     * priority levels in use, the Runnable itself is queued (no job object; see the design note
     * above); otherwise, or when its queue is full, it goes through {@link #submit} as a {@link
     * PlainJob}.
     */
    final SubmitStatus execute(Runnable runnable, Priority priority) {
        if (timed || runnable instanceof Job || competing()) {
            return submit(new PlainJob(runnable, priority));
        }
        if (!runState.isRunning()) {
            return rejected(SubmitStatus.SHUT_DOWN);
        }
        if (!offer(runnable, priority.code())) {
            return submit(new PlainJob(runnable, priority));
        }
        int state = runState.get();
        if (state != RunState.RUNNING) {
            // Raced with shutdown: a bare Runnable cannot be revoked, so it stays accepted, and
            // this thread makes sure it runs (see the design note above). After shutdown() one of
            // the lane's own threads takes it itself before it exits (and must not wait for
            // itself to exit).
            if (state >= RunState.STOP || !ownsCurrentThread()) {
                runLeftovers();
                return SubmitStatus.ACCEPTED;
            }
        }
        signalWork();
        return SubmitStatus.ACCEPTED;
    }

    /**
     * For a bare entry queued as the scheduler stopped: waits until no worker will take from this
     * lane again, then runs whatever is still queued here. That can only be entries queued in the
     * same race (everything else was run by the workers or returned by {@code shutdownNow}), and
     * each is taken once.
     */
    private void runLeftovers() {
        for (long waitNanos = 1_000; !quiescent(); ) {
            LockSupport.parkNanos(waitNanos);
            waitNanos = Math.min(waitNanos * 2, 1_000_000L);
        }
        List<Object> left = new ArrayList<>();
        takeAll(left);
        boolean interrupted = Thread.interrupted();
        for (Object entry : left) {
            runTaken(entry);
            // A job's interrupt of itself must not leak into the submitter's own code.
            Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    final SubmitStatus submit(Job job) {
        if (!runState.isRunning()) {
            return rejected(SubmitStatus.SHUT_DOWN);
        }
        // A timing recorder gets exact queue-wait times. Aging only needs a coarse stamp (it can
        // only make a job age a little early), and only once two levels have been in use at once
        // (before that nothing can overtake a job; see Job.UNSTAMPED). So a lane used at one
        // priority reads no clock at all.
        job.stamp(timed ? clock.nanoTime() : competing() ? clock.coarseNanoTime() : Job.UNSTAMPED);
        if (offer(job, job.priority().code())) {
            return afterOffer(job);
        }
        return switch (policy) {
            case FullQueuePolicy.Reject r -> rejected(SubmitStatus.QUEUE_FULL);
            case FullQueuePolicy.CallerRuns c -> runInCaller(job);
            case FullQueuePolicy.Block b -> offerBlocking(job, b.timeout().toNanos());
        };
    }

    private SubmitStatus afterOffer(Job job) {
        if (!runState.isRunning() && job.revoke()) {
            onRevoked();
            return rejected(SubmitStatus.SHUT_DOWN);
        }
        try {
            metrics.jobQueued(lane, job.priority());
        } catch (Throwable t) {
            // The job is queued and will run: the submitter must hear "accepted", not the error.
            recorderFailed(t);
        }
        signalWork();
        return SubmitStatus.ACCEPTED;
    }

    private SubmitStatus rejected(SubmitStatus reason) {
        metrics.jobRejected(lane, reason);
        return reason;
    }

    private SubmitStatus runInCaller(Job job) {
        if (!job.claim()) {
            return rejected(SubmitStatus.SHUT_DOWN);
        }
        long start = timed ? clock.nanoTime() : 0L;
        try {
            metrics.jobQueued(lane, job.priority());
            metrics.jobStarted(lane, job.priority(), 0L);
        } catch (Throwable t) {
            recorderFailed(t);
        }
        finish(job, start, job.execute());
        return SubmitStatus.RAN_BY_CALLER;
    }

    private SubmitStatus offerBlocking(Job job, long timeoutNanos) {
        long deadline = RunState.saturatedAdd(clock.nanoTime(), timeoutNanos);
        blockedSubmitters.incrementAndGet();
        spaceLock.lock();
        try {
            for (; ; ) {
                if (!runState.isRunning()) {
                    return rejected(SubmitStatus.SHUT_DOWN);
                }
                if (offer(job, job.priority().code())) {
                    return afterOffer(job);
                }
                long remaining = deadline - clock.nanoTime();
                if (remaining <= 0) {
                    return rejected(SubmitStatus.QUEUE_FULL);
                }
                try {
                    // Sliced, so the deadline is checked against the injected clock regularly.
                    spaceFreed.awaitNanos(Math.min(remaining, RunState.WAIT_SLICE_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return rejected(SubmitStatus.INTERRUPTED);
                }
            }
        } finally {
            spaceLock.unlock();
            blockedSubmitters.decrementAndGet();
        }
    }

    /** Wakes submitters blocked on a full queue (space freed, or shutdown). */
    final void wakeBlockedSubmitters(boolean all) {
        spaceLock.lock();
        try {
            if (all) {
                spaceFreed.signalAll();
            } else {
                spaceFreed.signal();
            }
        } finally {
            spaceLock.unlock();
        }
    }

    // ---- running ----

    /**
     * Runs an entry taken from a queue: a {@link Job}, or a bare Runnable from {@link #execute}.
     */
    final void runTaken(Object entry) {
        if (blockPolicy && blockedSubmitters.get() > 0) {
            wakeBlockedSubmitters(false);
        }
        if (entry instanceof Job job) {
            runJob(job);
        } else {
            runBare((Runnable) entry);
        }
    }

    /** Queued only with the no-op recorder, so there is nothing to record. */
    private void runBare(Runnable runnable) {
        Throwable failure = Job.runCatching(runnable);
        if (failure != null) {
            reportFailure(runnable, failure);
        }
    }

    /** A fire-and-forget job failed: tell the error handler. */
    private void reportFailure(Runnable runnable, Throwable failure) {
        try {
            ctx.errorHandler().jobFailed(lane, runnable, failure);
        } catch (Throwable ignored) {
            // The handler's failure must not kill the worker; nowhere to report it.
        }
    }

    /** Runs a job taken from a queue, unless it was cancelled, revoked or drained meanwhile. */
    private void runJob(Job job) {
        if (!job.claim()) {
            return;
        }
        if (job.settled()) {
            // Completed by its owner while queued: same as cancelled.
            metrics.jobCancelled(lane);
            return;
        }
        long start = 0L;
        try {
            if (timed) {
                start = clock.nanoTime();
                metrics.jobStarted(lane, job.priority(), start - job.enqueuedNanos());
            } else {
                metrics.jobStarted(lane, job.priority(), 0L);
            }
        } catch (Throwable t) {
            recorderFailed(t);
        }
        finish(job, start, job.execute());
    }

    private void finish(Job job, long start, Throwable failure) {
        try {
            long runNanos = timed ? clock.nanoTime() - start : 0L;
            if (failure == null) {
                metrics.jobCompleted(lane, runNanos);
            } else {
                metrics.jobFailed(lane, runNanos, failure);
                if (job instanceof PlainJob plain) {
                    reportFailure(plain.runnable, failure);
                }
            }
        } catch (Throwable t) {
            recorderFailed(t);
        } finally {
            // Last, so whoever waits on the future finds the job already counted.
            job.publish(failure);
        }
    }

    /** A broken recorder must not kill workers or strand futures: log it once, carry on. */
    private void recorderFailed(Throwable t) {
        if (!recorderFailureLogged) {
            recorderFailureLogged = true;
            System.getLogger("dev.switchboard.concurrent")
                    .log(
                            System.Logger.Level.ERROR,
                            "MetricsRecorder "
                                    + metrics.getClass().getName()
                                    + " threw in lane '"
                                    + lane
                                    + "'; its events are being lost (logged once)",
                            t);
        }
    }

    final void recordCancelled() {
        metrics.jobCancelled(lane);
    }

    // ---- messages ----

    final String rejectionMessage(SubmitStatus status, Priority priority) {
        String head = "lane '" + lane + "' refused a " + priority + " job: ";
        return switch (status) {
            case QUEUE_FULL ->
                    head
                            + "its "
                            + priority
                            + " queues are full ("
                            + capacityDescription()
                            + "), full-queue policy "
                            + policy;
            case SHUT_DOWN -> head + "the scheduler is shut down";
            case INTERRUPTED -> head + "the submitter was interrupted while waiting for space";
            default -> head + status;
        };
    }
}
