package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One worker, queues of two jobs per priority, the worker held by a gate: the queue is full. */
class FullQueuePolicyTest extends SchedulerTestSupport {
    private final Gate gate = new Gate();
    private final AtomicInteger ran = new AtomicInteger();

    private JobScheduler startFull(FullQueuePolicy policy) throws InterruptedException {
        JobScheduler s = start(config(1).queueCapacity(2).fullQueuePolicy(policy));
        s.execute(gate.job());
        gate.awaitEntered();
        for (int i = 0; i < 2; i++) {
            assertThat(s.tryExecute(Lane.SHARED, ran::incrementAndGet, Priority.NORMAL))
                    .isEqualTo(SubmitStatus.ACCEPTED);
        }
        return s;
    }

    /** Runs {@code action} on a new thread and returns the thread and the action's result. */
    private static <T> Thread runAside(
            java.util.concurrent.Callable<T> action, CompletableFuture<T> out) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                out.complete(action.call());
                            } catch (Throwable e) {
                                out.completeExceptionally(e);
                            }
                        },
                        "test-submitter");
        t.start();
        return t;
    }

    private static void awaitBlocked(Thread t) {
        await().until(
                        () ->
                                t.getState() == Thread.State.TIMED_WAITING
                                        || t.getState() == Thread.State.WAITING);
    }

    @Test
    void reject_refusesAtOnce_tryReportsQueueFull_submitThrows() throws Exception {
        JobScheduler s = startFull(FullQueuePolicy.reject());

        Submission<Integer> refused = s.trySubmit(Lane.SHARED, () -> 1, Priority.NORMAL);
        assertThat(refused)
                .isInstanceOf(Submission.Rejected.class)
                .extracting(Submission::status)
                .isEqualTo(SubmitStatus.QUEUE_FULL);
        assertThat(refused.isAccepted()).isFalse();
        assertThatThrownBy(() -> s.submit(() -> 1, Priority.NORMAL))
                .isInstanceOf(RejectedJobException.class)
                .hasMessageContaining("lane 'shared'")
                .hasMessageContaining("NORMAL queues are full")
                .hasMessageContaining("1 worker(s) × 2 jobs")
                .satisfies(
                        e ->
                                assertThat(((RejectedJobException) e).status())
                                        .isEqualTo(SubmitStatus.QUEUE_FULL));
        // Each priority level has its own bounded queue: a HIGH job still fits.
        assertThat(s.tryExecute(Lane.SHARED, ran::incrementAndGet, Priority.HIGH))
                .isEqualTo(SubmitStatus.ACCEPTED);

        gate.open();
        await().until(() -> ran.get() == 3);
        assertThat(metrics.snapshot().rejected()).isEqualTo(2);
        assertThat(s.tryExecute(Lane.SHARED, ran::incrementAndGet, Priority.NORMAL))
                .isEqualTo(SubmitStatus.ACCEPTED);
    }

    @Test
    void block_waitsForSpace_thenQueues() throws Exception {
        JobScheduler s = startFull(FullQueuePolicy.block(Duration.ofHours(1)));
        CompletableFuture<SubmitStatus> result = new CompletableFuture<>();
        Thread submitter =
                runAside(
                        () -> s.tryExecute(Lane.SHARED, ran::incrementAndGet, Priority.NORMAL),
                        result);
        awaitBlocked(submitter);
        assertThat(result).isNotDone();

        gate.open();
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(SubmitStatus.ACCEPTED);
        await().until(() -> ran.get() == 3);
        assertThat(metrics.snapshot().rejected()).isZero();
    }

    @Test
    void block_givesUpWhenTheTimeoutPassesOnTheClock() throws Exception {
        JobScheduler s = startFull(FullQueuePolicy.block(Duration.ofMillis(100)));
        CompletableFuture<SubmitStatus> result = new CompletableFuture<>();
        Thread submitter =
                runAside(
                        () -> s.tryExecute(Lane.SHARED, ran::incrementAndGet, Priority.NORMAL),
                        result);
        awaitBlocked(submitter);
        clock.advance(Duration.ofMillis(99));
        awaitBlocked(submitter);
        assertThat(result).isNotDone();

        clock.advance(Duration.ofMillis(1));
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(SubmitStatus.QUEUE_FULL);
        assertThat(metrics.snapshot().rejected()).isEqualTo(1);
    }

    @Test
    void block_interruptedSubmitter_isRefusedWithItsFlagKept() throws Exception {
        JobScheduler s = startFull(FullQueuePolicy.block(Duration.ofHours(1)));
        CompletableFuture<Boolean> flagKept = new CompletableFuture<>();
        AtomicReference<SubmitStatus> status = new AtomicReference<>();
        Thread submitter =
                runAside(
                        () -> {
                            status.set(
                                    s.tryExecute(
                                            Lane.SHARED, ran::incrementAndGet, Priority.NORMAL));
                            return Thread.currentThread().isInterrupted();
                        },
                        flagKept);
        awaitBlocked(submitter);
        submitter.interrupt();
        assertThat(flagKept.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(status.get()).isEqualTo(SubmitStatus.INTERRUPTED);
    }

    @Test
    void block_submitterIsReleasedByShutdown() throws Exception {
        JobScheduler s = startFull(FullQueuePolicy.block(Duration.ofHours(1)));
        CompletableFuture<SubmitStatus> result = new CompletableFuture<>();
        Thread submitter =
                runAside(
                        () -> s.tryExecute(Lane.SHARED, ran::incrementAndGet, Priority.NORMAL),
                        result);
        awaitBlocked(submitter);
        s.shutdown();
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(SubmitStatus.SHUT_DOWN);
        gate.open();
        assertThat(s.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(ran).hasValue(2);
    }

    @Test
    void twoWorkers_holdTheirOwnAndTheSubmissionQueueSets_thenRefuse() throws Exception {
        JobScheduler s =
                start(config(2).queueCapacity(2).fullQueuePolicy(FullQueuePolicy.reject()));
        Gate both = new Gate(2);
        s.execute(both.job());
        s.execute(both.job());
        both.awaitEntered();
        // 2 workers + 4 submission queue sets, 2 NORMAL jobs each: 12 fit, from any one thread.
        for (int i = 0; i < 12; i++) {
            assertThat(s.tryExecute(Lane.SHARED, ran::incrementAndGet, Priority.NORMAL))
                    .as("job %d", i)
                    .isEqualTo(SubmitStatus.ACCEPTED);
        }
        assertThatThrownBy(() -> s.execute(ran::incrementAndGet, Priority.NORMAL))
                .isInstanceOf(RejectedJobException.class)
                .hasMessageContaining("(2 worker + 4 submission) queue sets × 2 jobs");
        both.open();
        await().until(() -> ran.get() == 12);
    }

    @Test
    void callerRuns_runsTheJobOnTheSubmittingThread() throws Exception {
        JobScheduler s = startFull(FullQueuePolicy.callerRuns());
        Submission<String> r =
                s.trySubmit(Lane.SHARED, () -> Thread.currentThread().getName(), Priority.NORMAL);
        assertThat(r.status()).isEqualTo(SubmitStatus.RAN_BY_CALLER);
        assertThat(r.isAccepted()).isTrue();
        assertThat(((Submission.Accepted<String>) r).future())
                .isCompletedWithValue(Thread.currentThread().getName());

        CountDownLatch ranHere = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        s.execute(
                () -> {
                    if (Thread.currentThread() == caller) {
                        ranHere.countDown();
                    }
                },
                Priority.NORMAL);
        assertThat(ranHere.getCount()).isZero();
        assertThat(metrics.snapshot().rejected()).isZero();
        assertThat(metrics.snapshot().completed()).isEqualTo(2);
    }
}
