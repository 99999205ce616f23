package dev.switchboard.concurrent.internal;

import dev.switchboard.concurrent.JobScheduler;
import dev.switchboard.concurrent.Lane;
import dev.switchboard.concurrent.LaneConfig;
import dev.switchboard.concurrent.LaneKind;
import dev.switchboard.concurrent.RejectedJobException;
import dev.switchboard.concurrent.SchedulerConfig;
import dev.switchboard.concurrent.Submission;
import dev.switchboard.concurrent.SubmitStatus;
import dev.switchboard.concurrent.UnknownLanePolicy;
import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link JobScheduler}: routes each job to its lane ({@link PlatformLane} or {@link
 * VirtualLane}) and runs the life cycle. Thread-safe; see {@link JobScheduler} for the contract.
 */
@SuppressWarnings("overloads") // Runnable/Callable overloads, as in ExecutorService
public final class WorkStealingScheduler implements JobScheduler {
    private final SchedulerConfig config;
    private final SchedulerContext ctx;
    private final RunState runState;
    private final Map<Lane, LaneRuntime> lanes;
    private final LaneRuntime shared;
    private final UnknownLanePolicy unknownLanePolicy;

    /**
     * Builds the lanes and starts their platform workers.
     *
     * @param config the configuration
     */
    public WorkStealingScheduler(SchedulerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        int parties = 0;
        for (LaneConfig lc : config.lanes().values()) {
            parties += lc.kind() == LaneKind.PLATFORM ? lc.parallelism() : 1;
        }
        this.runState = new RunState(parties);
        this.ctx =
                new SchedulerContext(
                        config.clock(),
                        config.metrics(),
                        !(config.metrics() instanceof NoopMetricsRecorder),
                        config.errorHandler(),
                        config.agingThreshold().toNanos(),
                        runState,
                        config.threadNamePrefix(),
                        config.daemonThreads());
        Map<Lane, LaneRuntime> built = new LinkedHashMap<>();
        for (LaneConfig lc : config.lanes().values()) {
            built.put(
                    lc.lane(),
                    lc.kind() == LaneKind.PLATFORM
                            ? new PlatformLane(lc, ctx)
                            : new VirtualLane(lc, ctx));
        }
        this.lanes = Map.copyOf(built);
        this.shared = built.get(Lane.SHARED);
        this.unknownLanePolicy = config.unknownLanePolicy();
        for (LaneRuntime lane : built.values()) {
            lane.start();
        }
    }

    /** The lane that runs jobs for {@code lane}, or {@code null} if unknown and rejected. */
    private LaneRuntime route(Lane lane) {
        if (lane == Lane.SHARED) {
            return shared;
        }
        LaneRuntime runtime = lanes.get(Objects.requireNonNull(lane, "lane"));
        if (runtime != null) {
            return runtime;
        }
        return unknownLanePolicy == UnknownLanePolicy.SHARED ? shared : null;
    }

    private SubmitStatus noSuchLane(Lane lane) {
        ctx.metrics().jobRejected(lane, SubmitStatus.NO_SUCH_LANE);
        return SubmitStatus.NO_SUCH_LANE;
    }

    private RejectedJobException rejection(
            SubmitStatus status, Lane lane, LaneRuntime runtime, Priority priority) {
        String message =
                runtime == null
                        ? "no lane '"
                                + lane
                                + "' (lanes: "
                                + String.join(
                                        ", ",
                                        lanes.keySet().stream().map(Lane::name).sorted().toList())
                                + ") and unknownLanePolicy is REJECT"
                        : runtime.rejectionMessage(status, priority);
        return new RejectedJobException(status, lane, message);
    }

    // ---- fire and forget ----

    @Override
    public void execute(Lane lane, Runnable job, Priority priority) {
        SubmitStatus status = tryExecute(lane, job, priority);
        if (!status.isAccepted()) {
            throw rejection(status, lane, route(lane), priority);
        }
    }

    @Override
    public SubmitStatus tryExecute(Lane lane, Runnable job, Priority priority) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(priority, "priority");
        LaneRuntime runtime = route(lane);
        if (runtime == null) {
            return noSuchLane(lane);
        }
        return runtime.execute(job, priority);
    }

    // ---- with a future ----

    @Override
    public CompletableFuture<Void> submit(Lane lane, Runnable job, Priority priority) {
        return orThrow(trySubmit(lane, job, priority), lane, priority);
    }

    @Override
    public <T> CompletableFuture<T> submit(Lane lane, Callable<T> job, Priority priority) {
        return orThrow(trySubmit(lane, job, priority), lane, priority);
    }

    private <T> CompletableFuture<T> orThrow(
            Submission<T> submission, Lane lane, Priority priority) {
        return switch (submission) {
            case Submission.Accepted<T> accepted -> accepted.future();
            case Submission.Rejected<T> rejected ->
                    throw rejection(rejected.status(), lane, route(lane), priority);
        };
    }

    @Override
    public Submission<Void> trySubmit(Lane lane, Runnable job, Priority priority) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(priority, "priority");
        LaneRuntime runtime = route(lane);
        if (runtime == null) {
            return new Submission.Rejected<>(noSuchLane(lane));
        }
        return result(runtime, FutureJob.ofRunnable(runtime, job, priority));
    }

    @Override
    public <T> Submission<T> trySubmit(Lane lane, Callable<T> job, Priority priority) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(priority, "priority");
        LaneRuntime runtime = route(lane);
        if (runtime == null) {
            return new Submission.Rejected<>(noSuchLane(lane));
        }
        return result(runtime, FutureJob.ofCallable(runtime, job, priority));
    }

    private static <T> Submission<T> result(LaneRuntime runtime, FutureJob<T> job) {
        SubmitStatus status = runtime.submit(job);
        return status.isAccepted()
                ? new Submission.Accepted<>(status, job)
                : new Submission.Rejected<>(status);
    }

    // ---- life cycle ----

    @Override
    public void shutdown() {
        if (runState.advanceTo(RunState.SHUTDOWN)) {
            for (LaneRuntime lane : lanes.values()) {
                lane.onShutdown();
            }
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        runState.advanceTo(RunState.STOP);
        List<Runnable> unrun = new ArrayList<>();
        for (LaneRuntime lane : lanes.values()) {
            int before = unrun.size();
            lane.shutdownNow(unrun);
            for (int i = before; i < unrun.size(); i++) {
                lane.recordCancelled();
            }
        }
        return unrun;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return runState.awaitTermination(
                timeout.isNegative() ? 0 : saturatedNanos(timeout), ctx.clock());
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public boolean isShutdown() {
        return runState.get() != RunState.RUNNING;
    }

    @Override
    public boolean isTerminated() {
        return runState.isTerminated();
    }

    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        while (!isTerminated()) {
            try {
                awaitTermination(Duration.ofDays(1));
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- inspection ----

    @Override
    public Set<Lane> lanes() {
        return lanes.keySet();
    }

    @Override
    public int queuedJobs(Lane lane) {
        LaneRuntime runtime = lanes.get(lane);
        return runtime == null ? 0 : runtime.queued();
    }

    @Override
    public String toString() {
        return "WorkStealingScheduler{state="
                + switch (runState.get()) {
                    case RunState.RUNNING -> "running";
                    case RunState.SHUTDOWN -> isTerminated() ? "terminated" : "shutting down";
                    default -> isTerminated() ? "terminated" : "stopping";
                }
                + ", "
                + config
                + '}';
    }
}
