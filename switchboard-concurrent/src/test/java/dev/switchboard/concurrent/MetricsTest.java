package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsTest extends SchedulerTestSupport {

    @Test
    void countsEveryOutcome_andTimesQueueWaitAndRunByTheClock() throws Exception {
        JobScheduler s = start(config(1).queueCapacity(2));
        Gate gate = new Gate();
        s.execute(gate.job()); // t=0, runs until the gate opens at t=50ms
        gate.awaitEntered();

        CompletableFuture<Void> slow =
                s.submit(() -> clock.advance(Duration.ofMillis(20)), Priority.NORMAL);
        CompletableFuture<Void> failing =
                s.submit(
                        () -> {
                            throw new IllegalStateException("boom");
                        },
                        Priority.NORMAL);
        assertThat(s.trySubmit(Lane.SHARED, () -> 1, Priority.NORMAL).status())
                .isEqualTo(SubmitStatus.QUEUE_FULL);
        CompletableFuture<Void> cancelled = s.submit(() -> {}, Priority.HIGH);
        assertThat(cancelled.cancel(false)).isTrue();

        MetricsSnapshot busy = metrics.snapshot();
        assertThat(busy.running()).isEqualTo(1);
        assertThat(busy.queued()).isEqualTo(2);

        clock.advance(Duration.ofMillis(50));
        gate.open();
        slow.get(10, TimeUnit.SECONDS);
        await().until(failing::isDone);
        await().until(() -> metrics.snapshot().failed() == 1);

        MetricsSnapshot m = metrics.snapshot();
        assertThat(m.started()).isEqualTo(3);
        assertThat(m.completed()).isEqualTo(2);
        assertThat(m.failed()).isEqualTo(1);
        assertThat(m.rejected()).isEqualTo(1);
        assertThat(m.cancelled()).isEqualTo(1);
        assertThat(m.queued()).isZero();
        assertThat(m.running()).isZero();
        // Waits: gate 0, slow 50 ms, failing 70 ms (it waited while slow ran 20 ms).
        assertThat(m.totalQueueWaitNanos()).isEqualTo(Duration.ofMillis(120).toNanos());
        assertThat(m.maxQueueWaitNanos()).isEqualTo(Duration.ofMillis(70).toNanos());
        // Runs: gate 50 ms, slow 20 ms, failing 0.
        assertThat(m.totalRunNanos()).isEqualTo(Duration.ofMillis(70).toNanos());
        assertThat(m.maxRunNanos()).isEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(m.meanQueueWaitNanos()).isEqualTo(Duration.ofMillis(40).toNanos());
        assertThat(metrics.snapshot(Lane.SHARED)).isEqualTo(m);
        assertThat(metrics.snapshot(Lane.BLOCKING)).isEqualTo(MetricsSnapshot.EMPTY);
    }

    @Test
    void failingFireAndForgetJob_goesToTheErrorHandler_andTheWorkerSurvives() throws Exception {
        failingFireAndForgetJob(config(1));
        assertThat(metrics.snapshot().failed()).isEqualTo(1);
    }

    @Test
    void failingFireAndForgetJob_queuedBare_goesToTheErrorHandler_andTheWorkerSurvives()
            throws Exception {
        // No timing recorder, one priority: the Runnable itself is queued, with no job object.
        failingFireAndForgetJob(config(1).metrics(MetricsRecorder.noop()));
    }

    private void failingFireAndForgetJob(SchedulerConfig.Builder config) throws Exception {
        record Failure(Lane lane, Runnable job, Throwable error) {}
        List<Failure> failures = new CopyOnWriteArrayList<>();
        JobScheduler s =
                start(
                        config.errorHandler(
                                (lane, job, error) -> {
                                    failures.add(new Failure(lane, job, error));
                                    throw new IllegalStateException("handler broke too");
                                }));
        RuntimeException boom = new RuntimeException("boom");
        Runnable bad =
                () -> {
                    throw boom;
                };
        s.execute(bad, Priority.NORMAL);
        CountDownLatch after = new CountDownLatch(1);
        s.execute(after::countDown, Priority.NORMAL);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).containsExactly(new Failure(Lane.SHARED, bad, boom));
    }

    @Test
    void futureJobFailure_goesToTheFutureOnly() throws Exception {
        List<Throwable> handled = new CopyOnWriteArrayList<>();
        JobScheduler s = start(config(1).errorHandler((lane, job, error) -> handled.add(error)));
        CompletableFuture<Void> f =
                s.submit(
                        () -> {
                            throw new IllegalArgumentException("bad input");
                        },
                        Priority.NORMAL);
        await().until(f::isDone);
        assertThat(f.exceptionNow()).isInstanceOf(IllegalArgumentException.class);
        assertThat(handled).isEmpty();
    }

    @Test
    void aThrowingRecorder_doesNotKillWorkersOrStrandFutures() throws Exception {
        MetricsRecorder broken = new BrokenRecorder(false, true, true);
        JobScheduler s = start(config(1).metrics(broken));
        for (int i = 0; i < 3; i++) {
            assertThat(s.submit(() -> "ok", Priority.NORMAL).get(10, TimeUnit.SECONDS))
                    .isEqualTo("ok");
        }
    }

    @Test
    void aRecorderThrowingOnQueuedAndStarted_stillAcceptsAndRunsJobs_alsoInTheCaller()
            throws Exception {
        MetricsRecorder broken = new BrokenRecorder(true, true, false);
        JobScheduler s =
                start(
                        config(1)
                                .metrics(broken)
                                .queueCapacity(2)
                                .fullQueuePolicy(FullQueuePolicy.callerRuns()));
        Gate gate = new Gate();
        s.execute(gate.job());
        gate.awaitEntered();
        List<Submission<String>> queued = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            queued.add(s.trySubmit(Lane.SHARED, () -> "queued", Priority.NORMAL));
        }
        // The queue is full: this one runs here, on the submitting thread.
        Submission<String> inCaller = s.trySubmit(Lane.SHARED, () -> "here", Priority.NORMAL);

        assertThat(queued).allMatch(q -> q.status() == SubmitStatus.ACCEPTED);
        assertThat(inCaller.status()).isEqualTo(SubmitStatus.RAN_BY_CALLER);
        assertThat(((Submission.Accepted<String>) inCaller).future()).isCompletedWithValue("here");
        gate.open();
        for (Submission<String> q : queued) {
            assertThat(((Submission.Accepted<String>) q).future().get(10, TimeUnit.SECONDS))
                    .isEqualTo("queued");
        }
    }

    @Test
    void noopRecorder_isTheDefault() {
        assertThat(SchedulerConfig.defaults().metrics()).isSameAs(MetricsRecorder.noop());
    }

    /** A recorder that throws on the events flagged and ignores the rest. */
    private record BrokenRecorder(boolean onQueued, boolean onStarted, boolean onCompleted)
            implements MetricsRecorder {
        private static void failIf(boolean flagged) {
            if (flagged) {
                throw new IllegalStateException("recorder bug");
            }
        }

        @Override
        public void jobQueued(Lane lane, Priority priority) {
            failIf(onQueued);
        }

        @Override
        public void jobRejected(Lane lane, SubmitStatus reason) {}

        @Override
        public void jobStarted(Lane lane, Priority priority, long queueWaitNanos) {
            failIf(onStarted);
        }

        @Override
        public void jobCompleted(Lane lane, long runNanos) {
            failIf(onCompleted);
        }

        @Override
        public void jobFailed(Lane lane, long runNanos, Throwable error) {}

        @Override
        public void jobCancelled(Lane lane) {}
    }
}
