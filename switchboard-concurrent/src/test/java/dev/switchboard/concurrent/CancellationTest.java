package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.message.Priority;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest extends SchedulerTestSupport {

    @Test
    void cancellingAQueuedJob_preventsItFromRunning_andReportsCancelled() throws Exception {
        JobScheduler s = start(config(1));
        Gate gate = new Gate();
        s.execute(gate.job());
        gate.awaitEntered();
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<Integer> f =
                s.submit(
                        () -> {
                            ran.set(true);
                            return 1;
                        },
                        Priority.HIGH);
        CompletableFuture<Void> after = s.submit(() -> {}, Priority.LOWEST);

        assertThat(f.cancel(false)).isTrue();
        gate.open();
        after.get(10, TimeUnit.SECONDS);

        assertThat(ran).isFalse();
        assertThat(f).isCancelled();
        assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
        assertThat(metrics.snapshot().cancelled()).isEqualTo(1);
        assertThat(metrics.snapshot().completed()).isEqualTo(2); // the gate and "after"
        assertThat(metrics.snapshot().queued()).isZero();
    }

    @Test
    void completingAQueuedFutureByHand_alsoKeepsTheJobFromRunning() throws Exception {
        JobScheduler s = start(config(1));
        Gate gate = new Gate();
        s.execute(gate.job());
        gate.awaitEntered();
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<String> f =
                s.submit(
                        () -> {
                            ran.set(true);
                            return "from job";
                        },
                        Priority.NORMAL);
        CompletableFuture<Void> after = s.submit(() -> {}, Priority.LOWEST);
        assertThat(f.complete("by hand")).isTrue();
        gate.open();
        after.get(10, TimeUnit.SECONDS);
        assertThat(ran).isFalse();
        assertThat(f.join()).isEqualTo("by hand");
        assertThat(metrics.snapshot().cancelled()).isEqualTo(1);
    }

    @Test
    void cancellingARunningJob_returnsFalse_andTheFutureGetsTheJobsResult() throws Exception {
        JobScheduler s = start(config(1));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> f =
                s.submit(
                        () -> {
                            entered.countDown();
                            release.await();
                            return "finished";
                        },
                        Priority.NORMAL);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.cancel(true)).isFalse();
        assertThat(f).isNotCancelled();
        release.countDown();
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
        assertThat(metrics.snapshot().cancelled()).isZero();
        assertThat(metrics.snapshot().completed()).isEqualTo(1);
    }

    @Test
    void cancellingACompletedJob_returnsFalse() throws Exception {
        JobScheduler s = start(config(1));
        CompletableFuture<Integer> f = s.submit(() -> 7, Priority.NORMAL);
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(f.cancel(false)).isFalse();
        assertThat(f.join()).isEqualTo(7);
    }

    @Test
    void runningAQueuedFutureAsARunnable_doesNothing_theWorkerRunsItOnce() throws Exception {
        JobScheduler s = start(config(1));
        Gate gate = new Gate();
        s.execute(gate.job());
        gate.awaitEntered();
        AtomicInteger runs = new AtomicInteger();
        Runnable job = runs::incrementAndGet;
        CompletableFuture<Void> f = s.submit(job, Priority.NORMAL);

        // The future a caller holds is also what shutdownNow would return; it is a Runnable.
        assertThat(f).isInstanceOf(Runnable.class);
        ((Runnable) f).run();
        assertThat(runs).as("not run on the caller's thread").hasValue(0);
        assertThat(f).isNotDone();

        gate.open();
        f.get(10, TimeUnit.SECONDS);
        assertThat(runs).hasValue(1);
        assertThat(metrics.snapshot().completed()).isEqualTo(2); // the gate and f
        assertThat(metrics.snapshot().queued()).isZero();
    }
}
