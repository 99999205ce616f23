package dev.switchboard.concurrent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.concurrent.LaneConfig;
import dev.switchboard.concurrent.MetricsRecorder;
import dev.switchboard.concurrent.SubmitStatus;
import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The race a bare fire-and-forget entry settles without a job state: the scheduler stops between
 * the submitter's check and its offer, after {@code shutdownNow} drained the queues (the window is
 * nanoseconds wide in a real scheduler; this lane stops the scheduler from inside its offer).
 */
class BareEntryRaceTest {
    private final RunState runState = new RunState(1);
    private final List<Object> queued = new ArrayList<>();
    private final AtomicInteger ran = new AtomicInteger();
    private volatile boolean quiescent = true;

    /** A lane whose queue is a list and whose first offer stops the scheduler. */
    private final class StoppingLane extends LaneRuntime {
        StoppingLane(RunState state) {
            super(
                    LaneConfig.platform("race", 1),
                    new SchedulerContext(
                            Clock.system(),
                            MetricsRecorder.noop(),
                            false,
                            (lane, job, error) -> {},
                            1_000_000_000L,
                            state,
                            "race",
                            true));
        }

        @Override
        boolean offer(Object entry, int level) {
            runState.advanceTo(RunState.STOP);
            queued.add(entry);
            return true;
        }

        @Override
        void takeAll(List<Object> sink) {
            sink.addAll(queued);
            queued.clear();
        }

        @Override
        boolean competing() {
            return false;
        }

        @Override
        boolean threadsGone() {
            return quiescent;
        }

        @Override
        boolean ownsCurrentThread() {
            return false;
        }

        @Override
        void signalWork() {}

        @Override
        void onRevoked() {}

        @Override
        void start() {}

        @Override
        void onShutdown() {}

        @Override
        void onShutdownNow(List<Runnable> sink) {}

        @Override
        int queued() {
            return queued.size();
        }

        @Override
        String capacityDescription() {
            return "a list";
        }
    }

    @Test
    void bareEntryQueuedAsTheSchedulerStops_isAccepted_andRunsOnTheSubmittingThread() {
        Thread submitter = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();
        SubmitStatus status =
                new StoppingLane(runState)
                        .execute(
                                () -> {
                                    ran.incrementAndGet();
                                    ranOn.add(Thread.currentThread());
                                },
                                Priority.NORMAL);
        assertThat(status).isEqualTo(SubmitStatus.ACCEPTED);
        assertThat(ran).hasValue(1);
        assertThat(ranOn).containsExactly(submitter);
        assertThat(queued).isEmpty();
    }

    @Test
    void bareEntryQueuedAsTheSchedulerStops_waitsUntilTheLaneIsQuiescent_beforeRunningIt()
            throws Exception {
        // Until shutdownNow has drained the lane (or its workers have exited), what is queued
        // there is not the submitter's to run.
        quiescent = false;
        StoppingLane lane = new StoppingLane(runState);
        CompletableFuture<SubmitStatus> status = new CompletableFuture<>();
        Thread submitter =
                new Thread(
                        () -> status.complete(lane.execute(ran::incrementAndGet, Priority.NORMAL)));
        submitter.start();
        await().until(() -> submitter.getState() == Thread.State.TIMED_WAITING);
        assertThat(ran).hasValue(0);
        assertThat(status).isNotDone();
        quiescent = true;
        assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(SubmitStatus.ACCEPTED);
        assertThat(ran).hasValue(1);
    }

    @Test
    void wrappedJobQueuedAsTheSchedulerStops_isRevoked_andNeverRuns() {
        StoppingLane lane = new StoppingLane(runState);
        SubmitStatus status = lane.submit(new PlainJob(ran::incrementAndGet, Priority.NORMAL));
        assertThat(status).isEqualTo(SubmitStatus.SHUT_DOWN);
        List<Object> left = new ArrayList<>();
        lane.takeAll(left);
        left.forEach(lane::runTaken);
        assertThat(ran).hasValue(0);
    }
}
