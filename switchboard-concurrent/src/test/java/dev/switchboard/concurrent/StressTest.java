package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Several submitters at once against small queues: every accepted job runs exactly once. */
class StressTest {
    private static final int SUBMITTERS = 4;

    private static JobScheduler start(int workers, int capacity, MetricsRecorder metrics) {
        return JobScheduler.create(
                SchedulerConfig.builder()
                        .workers(workers)
                        .queueCapacity(capacity)
                        .fullQueuePolicy(FullQueuePolicy.block(Duration.ofMinutes(1)))
                        .lane(
                                LaneConfig.virtual(Lane.BLOCKING.name(), 16)
                                        .withQueueCapacity(capacity)
                                        .withFullQueuePolicy(
                                                FullQueuePolicy.block(Duration.ofMinutes(1))))
                        .clock(Clock.system())
                        .metrics(metrics)
                        .daemonThreads(true)
                        .build());
    }

    /** Starts {@code SUBMITTERS} threads that run {@code body(threadIndex)} together. */
    private static void runSubmitters(ThrowingIntConsumer body) throws Exception {
        CyclicBarrier go = new CyclicBarrier(SUBMITTERS);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < SUBMITTERS; t++) {
            int index = t;
            CompletableFuture<Void> f = new CompletableFuture<>();
            done.add(f);
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    go.await();
                                    body.accept(index);
                                    f.complete(null);
                                } catch (Throwable e) {
                                    f.completeExceptionally(e);
                                }
                            },
                            "stress-submitter-" + t);
            thread.start();
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @FunctionalInterface
    private interface ThrowingIntConsumer {
        void accept(int value) throws Exception;
    }

    @Test
    void twoHundredThousandJobsFromFourSubmitters_eachRunsExactlyOnce() throws Exception {
        int perSubmitter = 50_000;
        int total = SUBMITTERS * perSubmitter;
        InMemoryMetricsRecorder metrics = new InMemoryMetricsRecorder();
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        CountDownLatch allRan = new CountDownLatch(total);
        try (JobScheduler s = start(2, 256, metrics)) {
            runSubmitters(
                    t -> {
                        Random random = new Random(t);
                        List<CompletableFuture<Integer>> futures = new ArrayList<>();
                        for (int i = 0; i < perSubmitter; i++) {
                            int id = t * perSubmitter + i;
                            Priority p = Priority.values()[random.nextInt(6)];
                            if (i % 10 == 0) {
                                futures.add(
                                        s.submit(
                                                () -> {
                                                    runs.incrementAndGet(id);
                                                    allRan.countDown();
                                                    return id;
                                                },
                                                p));
                            } else {
                                s.execute(
                                        () -> {
                                            runs.incrementAndGet(id);
                                            allRan.countDown();
                                        },
                                        p);
                            }
                        }
                        for (int i = 0; i < futures.size(); i++) {
                            assertThat(futures.get(i).get(30, TimeUnit.SECONDS))
                                    .isEqualTo(t * perSubmitter + i * 10);
                        }
                    });
            assertThat(allRan.await(30, TimeUnit.SECONDS)).isTrue();
        }
        for (int id = 0; id < total; id++) {
            if (runs.get(id) != 1) {
                throw new AssertionError("job " + id + " ran " + runs.get(id) + " times");
            }
        }
        MetricsSnapshot m = metrics.snapshot();
        assertThat(m.completed()).isEqualTo(total);
        assertThat(m.rejected()).isZero();
        assertThat(m.queued()).isZero();
        assertThat(m.running()).isZero();
    }

    @Test
    void cancellingWhileWorkersRun_eachJobEitherRunsOrIsCancelled_neverBoth() throws Exception {
        int perSubmitter = 25_000;
        int total = SUBMITTERS * perSubmitter;
        InMemoryMetricsRecorder metrics = new InMemoryMetricsRecorder();
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        AtomicIntegerArray cancelled = new AtomicIntegerArray(total);
        try (JobScheduler s = start(2, 1024, metrics)) {
            runSubmitters(
                    t -> {
                        for (int i = 0; i < perSubmitter; i++) {
                            int id = t * perSubmitter + i;
                            CompletableFuture<Void> f =
                                    s.submit(
                                            () -> {
                                                runs.incrementAndGet(id);
                                            },
                                            Priority.NORMAL);
                            if (i % 3 == 0 && f.cancel(false)) {
                                cancelled.incrementAndGet(id);
                            }
                        }
                    });
        }
        long ranCount = 0;
        long cancelledCount = 0;
        for (int id = 0; id < total; id++) {
            int r = runs.get(id);
            int c = cancelled.get(id);
            if (r + c != 1) {
                throw new AssertionError("job " + id + " ran " + r + "x, cancelled " + c + "x");
            }
            ranCount += r;
            cancelledCount += c;
        }
        // cancel() is true only for a job that never ran, false only for one that did.
        assertThat(ranCount + cancelledCount).isEqualTo(total);
        assertThat(metrics.snapshot().completed()).isEqualTo(ranCount);
        assertThat(metrics.snapshot().cancelled()).isEqualTo(cancelledCount);
    }

    @Test
    void submittersRacingShutdown_everyAcceptedJobRuns_noRefusedJobRuns() throws Exception {
        for (int round = 0; round < 20; round++) {
            JobScheduler s = start(2, 4096, new InMemoryMetricsRecorder());
            raceStop(
                    round,
                    s,
                    2_000,
                    () -> {
                        s.shutdown();
                        return List.of();
                    },
                    (t, i) -> i % 2 == 0 ? Lane.SHARED : Lane.BLOCKING,
                    (t, i) -> Priority.NORMAL);
        }
    }

    @Test
    void submittersRacingShutdownNow_everyAcceptedJobRunsOrIsReturned_exactlyOnce()
            throws Exception {
        // No timing recorder and mixed priorities: jobs queued before a second level is in use
        // are unstamped, and workers, thieves and shutdownNow all take from the same queues.
        Priority[] priorities = {Priority.HIGH, Priority.NORMAL, Priority.LOW};
        for (int round = 0; round < 10; round++) {
            JobScheduler s = start(2, 4096, MetricsRecorder.noop());
            raceStop(
                    round,
                    s,
                    4_000,
                    s::shutdownNow,
                    (t, i) -> i % 4 == 0 ? Lane.BLOCKING : Lane.SHARED,
                    (t, i) -> priorities[(t + i) % priorities.length]);
        }
    }

    @Test
    void bareJobsRacingShutdownAndShutdownNow_everyAcceptedJobRunsOrIsReturned_exactlyOnce()
            throws Exception {
        // No timing recorder and one priority: the Runnables themselves are queued, so the race
        // is settled by the submitter running what is left (LaneRuntime.execute).
        for (int round = 0; round < 20; round++) {
            JobScheduler s = start(2, 4096, MetricsRecorder.noop());
            boolean now = round % 2 == 1;
            raceStop(
                    round,
                    s,
                    4_000,
                    () -> {
                        if (now) {
                            return s.shutdownNow();
                        }
                        s.shutdown();
                        return List.of();
                    },
                    (t, i) -> i % 4 == 0 ? Lane.BLOCKING : Lane.SHARED,
                    (t, i) -> Priority.NORMAL);
        }
    }

    /**
     * Four submitters each try to queue 20,000 jobs while another thread stops {@code s} once
     * {@code after} have been submitted; the jobs {@code stop} returns are then run here. Checks
     * that each accepted job ran exactly once and no refused job ran.
     */
    private static void raceStop(
            int round,
            JobScheduler s,
            int after,
            Callable<List<Runnable>> stop,
            BiFunction<Integer, Integer, Lane> lane,
            BiFunction<Integer, Integer, Priority> priority)
            throws Exception {
        int perSubmitter = 20_000;
        int total = SUBMITTERS * perSubmitter;
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        AtomicIntegerArray accepted = new AtomicIntegerArray(total);
        AtomicLong submitted = new AtomicLong();
        CompletableFuture<List<Runnable>> returned = new CompletableFuture<>();
        Thread stopper =
                new Thread(
                        () -> {
                            while (submitted.get() < after) {
                                Thread.onSpinWait();
                            }
                            try {
                                returned.complete(stop.call());
                            } catch (Exception e) {
                                returned.completeExceptionally(e);
                            }
                        });
        stopper.start();
        runSubmitters(
                t -> {
                    for (int i = 0; i < perSubmitter; i++) {
                        int id = t * perSubmitter + i;
                        SubmitStatus st =
                                s.tryExecute(
                                        lane.apply(t, i),
                                        () -> runs.incrementAndGet(id),
                                        priority.apply(t, i));
                        submitted.incrementAndGet();
                        if (st == SubmitStatus.ACCEPTED) {
                            accepted.set(id, 1);
                        } else {
                            assertThat(st).isEqualTo(SubmitStatus.SHUT_DOWN);
                        }
                    }
                });
        stopper.join();
        assertThat(s.awaitTermination(Duration.ofSeconds(30))).isTrue();
        for (Runnable r : returned.get(10, TimeUnit.SECONDS)) {
            r.run();
        }
        for (int id = 0; id < total; id++) {
            if (runs.get(id) != accepted.get(id)) {
                throw new AssertionError(
                        "round "
                                + round
                                + ": job "
                                + id
                                + " accepted="
                                + accepted.get(id)
                                + " but ran or was returned "
                                + runs.get(id)
                                + "x");
            }
        }
    }
}
