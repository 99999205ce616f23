package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShutdownTest extends SchedulerTestSupport {
    private final AtomicInteger ran = new AtomicInteger();

    @Test
    void shutdown_refusesNewJobs_runsTheQueuedOnes_thenTerminates() throws Exception {
        JobScheduler s = start(config(2));
        Gate gate = new Gate(2);
        s.execute(gate.job());
        s.execute(gate.job());
        gate.awaitEntered();
        for (int i = 0; i < 20; i++) {
            s.execute(ran::incrementAndGet, Priority.values()[i % 6]);
        }
        CompletableFuture<Integer> blocking = s.submitBlocking(() -> 42);

        s.shutdown();
        assertThat(s.isShutdown()).isTrue();
        assertThat(s.isTerminated()).isFalse();
        assertThat(s.tryExecute(Lane.SHARED, ran::incrementAndGet, Priority.CRITICAL))
                .isEqualTo(SubmitStatus.SHUT_DOWN);
        assertThatThrownBy(() -> s.submitBlocking(() -> 1))
                .isInstanceOf(RejectedJobException.class)
                .hasMessageContaining("shut down");

        gate.open();
        assertThat(s.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(s.isTerminated()).isTrue();
        assertThat(ran).hasValue(20);
        assertThat(blocking).isCompletedWithValue(42);
        assertThat(metrics.snapshot().rejected()).isEqualTo(2);
    }

    @Test
    void shutdownNow_interruptsRunningJobs_andReturnsTheJobsThatDidNotRun() throws Exception {
        JobScheduler s = start(config(1));
        Gate gate = new Gate();
        s.execute(gate.job());
        gate.awaitEntered();
        List<Runnable> plain = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Runnable r = ran::incrementAndGet;
            plain.add(r);
            s.execute(r, Priority.NORMAL);
        }
        CompletableFuture<Integer> withFuture =
                s.submit(
                        () -> {
                            ran.incrementAndGet();
                            return 7;
                        },
                        Priority.HIGH);

        List<Runnable> unrun = s.shutdownNow();

        assertThat(unrun).hasSize(4).containsAll(plain);
        assertThat(s.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(gate.interruptedCount()).isEqualTo(1);
        assertThat(ran).hasValue(0);
        assertThat(withFuture).isNotDone();
        assertThat(metrics.snapshot().cancelled()).isEqualTo(4);
        assertThat(metrics.snapshot().queued()).isZero();

        // The caller may run what was returned; the future then completes.
        unrun.forEach(Runnable::run);
        assertThat(ran).hasValue(4);
        assertThat(withFuture).isCompletedWithValue(7);
    }

    @Test
    void shutdownNow_dropsQueuedBlockingJobs_andInterruptsRunningOnes() throws Exception {
        JobScheduler s = start(config(1).blockingConcurrency(1));
        Gate gate = new Gate();
        s.submitBlocking(gate.job());
        gate.awaitEntered();
        CompletableFuture<Integer> queued = s.submitBlocking(ran::incrementAndGet);
        List<Runnable> unrun = s.shutdownNow();
        assertThat(unrun).hasSize(1);
        assertThat(s.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(gate.interruptedCount()).isEqualTo(1);
        assertThat(queued).isNotDone();
        assertThat(ran).hasValue(0);
    }

    @Test
    void awaitTermination_timesOutByTheSchedulersClock() throws Exception {
        JobScheduler s = start(config(1));
        Gate gate = new Gate();
        s.execute(gate.job());
        gate.awaitEntered();
        s.shutdown();
        CompletableFuture<Boolean> waited = new CompletableFuture<>();
        Thread waiter =
                new Thread(
                        () -> {
                            try {
                                waited.complete(s.awaitTermination(Duration.ofSeconds(5)));
                            } catch (InterruptedException e) {
                                waited.completeExceptionally(e);
                            }
                        });
        waiter.start();
        await().until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        assertThat(waited).isNotDone();
        clock.advance(Duration.ofSeconds(5));
        assertThat(waited.get(10, TimeUnit.SECONDS)).isFalse();

        gate.open();
        assertThat(s.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void close_waitsForQueuedJobs() {
        JobScheduler s = start(config(2));
        for (int i = 0; i < 1000; i++) {
            s.execute(ran::incrementAndGet, Priority.NORMAL);
        }
        s.close();
        assertThat(s.isTerminated()).isTrue();
        assertThat(ran).hasValue(1000);
    }

    @Test
    void shutdown_isIdempotent_andShutdownNowAfterShutdownStillDrains() throws Exception {
        JobScheduler s = start(config(1));
        Gate gate = new Gate();
        s.execute(gate.job());
        gate.awaitEntered();
        s.execute(ran::incrementAndGet, Priority.NORMAL);
        s.shutdown();
        s.shutdown();
        assertThat(s.shutdownNow()).hasSize(1);
        assertThat(s.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(ran).hasValue(0);
    }
}
