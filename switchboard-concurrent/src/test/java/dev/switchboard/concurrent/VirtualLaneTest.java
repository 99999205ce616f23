package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VirtualLaneTest extends SchedulerTestSupport {

    @Test
    void blockingJobs_runConcurrentlyUpToTheLimit_andNoFurther() throws Exception {
        JobScheduler s = start(config(1).blockingConcurrency(3));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(
                    s.submitBlocking(
                            () -> {
                                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                try {
                                    release.await();
                                } finally {
                                    inFlight.decrementAndGet();
                                }
                                return Thread.currentThread().isVirtual();
                            }));
        }
        await().until(() -> inFlight.get() == 3);
        assertThat(s.queuedJobs(Lane.BLOCKING)).isEqualTo(7);
        assertThat(metrics.snapshot(Lane.BLOCKING).running()).isEqualTo(3);
        assertThat(metrics.snapshot(Lane.BLOCKING).queued()).isEqualTo(7);

        release.countDown();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .get(10, TimeUnit.SECONDS);
        assertThat(futures).allSatisfy(f -> assertThat(f.join()).isTrue());
        assertThat(maxInFlight).hasValue(3);
        assertThat(metrics.snapshot(Lane.BLOCKING).completed()).isEqualTo(10);
    }

    @Test
    void blockingLane_runsFarMoreBlockedJobsAtOnceThanThereArePlatformWorkers() throws Exception {
        int jobs = 200;
        JobScheduler s = start(config(1).blockingConcurrency(jobs));
        // Every job waits until all of them have started: only possible if all run at once.
        CountDownLatch allStarted = new CountDownLatch(jobs);
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            futures.add(
                    s.submitBlocking(
                            () -> {
                                allStarted.countDown();
                                if (!allStarted.await(20, TimeUnit.SECONDS)) {
                                    throw new IllegalStateException("not all jobs ran at once");
                                }
                                return null;
                            }));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
    }

    @Test
    void blockingLane_failingJob_failsOnlyItsFuture() throws Exception {
        JobScheduler s = start(config(1).blockingConcurrency(1));
        CompletableFuture<Integer> bad =
                s.submitBlocking(
                        () -> {
                            throw new java.io.IOException("disk gone");
                        });
        CompletableFuture<Integer> good = s.submitBlocking(() -> 5);
        assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(bad).isCompletedExceptionally();
        assertThat(bad.exceptionNow()).isInstanceOf(java.io.IOException.class);
        assertThat(metrics.snapshot(Lane.BLOCKING).failed()).isEqualTo(1);
    }
}
