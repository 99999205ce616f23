package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Aging, driven by the manual clock: no sleeps, the same order on every run. */
class AgingTest extends SchedulerTestSupport {
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final Gate gate = new Gate();

    private JobScheduler startBlocked() throws InterruptedException {
        JobScheduler s = start(config(1).agingThreshold(Duration.ofMillis(100)));
        s.execute(gate.job());
        gate.awaitEntered();
        return s;
    }

    private CompletableFuture<Void> job(JobScheduler s, String name, Priority p) {
        return s.submit(
                () -> {
                    ran.add(name);
                },
                p);
    }

    private void runAll(CompletableFuture<?>... futures) throws Exception {
        gate.open();
        CompletableFuture.allOf(futures).get(10, TimeUnit.SECONDS);
    }

    @Test
    void jobWaitingLongerThanThreshold_runsBeforeNewerHigherPriorityJobs() throws Exception {
        JobScheduler s = startBlocked();
        var old = job(s, "old-lowest", Priority.LOWEST);
        clock.advance(Duration.ofMillis(150));
        var c = job(s, "critical", Priority.CRITICAL);
        var h = job(s, "high", Priority.HIGH);
        runAll(old, c, h);
        assertThat(ran).containsExactly("old-lowest", "critical", "high");
    }

    @Test
    void jobYoungerThanThreshold_waitsForHigherPriorityJobs() throws Exception {
        JobScheduler s = startBlocked();
        var young = job(s, "young-lowest", Priority.LOWEST);
        clock.advance(Duration.ofMillis(99));
        var c = job(s, "critical", Priority.CRITICAL);
        var h = job(s, "high", Priority.HIGH);
        runAll(young, c, h);
        assertThat(ran).containsExactly("critical", "high", "young-lowest");
    }

    @Test
    void severalAgedJobs_areServedLongestWaitingFirst() throws Exception {
        JobScheduler s = startBlocked();
        var a = job(s, "low-oldest", Priority.LOW);
        clock.advance(Duration.ofMillis(10));
        var b = job(s, "lowest-older", Priority.LOWEST);
        clock.advance(Duration.ofMillis(10));
        var c = job(s, "normal-old", Priority.NORMAL);
        clock.advance(Duration.ofMillis(200));
        var h = job(s, "highest-new", Priority.HIGHEST);
        var fresh = job(s, "lowest-new", Priority.LOWEST);
        runAll(a, b, c, h, fresh);
        assertThat(ran)
                .containsExactly(
                        "low-oldest", "lowest-older", "normal-old", "highest-new", "lowest-new");
    }

    @Test
    void steadyStreamOfHighPriorityJobs_cannotStarveALowPriorityJob() throws Exception {
        JobScheduler s = startBlocked();
        lowestJobsThenAStreamOfHighJobs(s, 1, Duration.ZERO);
        // Each high job lets 30 ms pass and queues another, so HIGH is never empty; the lowest job
        // reaches the 100 ms threshold after four of them and runs next. Without aging it would
        // run last (index 20).
        assertThat(ran).hasSize(21);
        assertThat(ran.indexOf("lowest")).isEqualTo(4);
        assertThat(ran.subList(0, 4)).containsExactly("high-0", "high-1", "high-2", "high-3");
    }

    @Test
    void jobQueuedWhileItsLevelWasTheOnlyOneInUse_agesFromWhenHigherPriorityJobsFirstCompete()
            throws Exception {
        // No timing recorder: with one, every job is stamped exactly when queued.
        JobScheduler s =
                start(
                        config(1)
                                .metrics(MetricsRecorder.noop())
                                .agingThreshold(Duration.ofMillis(100)));
        // The gate runs at LOWEST: nothing of another level is queued or running, so nothing can
        // overtake the lowest jobs when they are queued.
        s.execute(gate.job(), Priority.LOWEST);
        gate.awaitEntered();
        lowestJobsThenAStreamOfHighJobs(s, 3, Duration.ofMillis(150));
        // Had their wait counted from when they were queued, they would have run first. It counts
        // from when the first HIGH job was queued, so they run once four HIGH jobs have let 120 ms
        // pass, as in the test above; and all three then, not one per threshold.
        assertThat(ran).hasSize(23);
        assertThat(ran.subList(4, 7)).containsExactly("lowest-0", "lowest-1", "lowest-2");
    }

    /**
     * Queues {@code lows} LOWEST jobs ("lowest", or "lowest-i" when several), lets {@code gap}
     * pass, queues five chained HIGH jobs (20 in all), opens the gate and waits until all have run.
     */
    private void lowestJobsThenAStreamOfHighJobs(JobScheduler s, int lows, Duration gap)
            throws Exception {
        CountDownLatch done = new CountDownLatch(20 + lows);
        for (int i = 0; i < lows; i++) {
            String name = lows == 1 ? "lowest" : "lowest-" + i;
            s.execute(chained(s, name, done, -1), Priority.LOWEST);
        }
        clock.advance(gap);
        for (int i = 0; i < 5; i++) {
            s.execute(chained(s, "high-" + i, done, i), Priority.HIGH);
        }
        gate.open();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A job that records itself; a high job also advances the clock and queues the next one. */
    private Runnable chained(JobScheduler s, String name, CountDownLatch done, int index) {
        return () -> {
            ran.add(name);
            if (index >= 0) {
                clock.advance(Duration.ofMillis(30));
                int next = index + 5;
                if (next < 20) {
                    s.execute(chained(s, "high-" + next, done, next), Priority.HIGH);
                }
            }
            done.countDown();
        };
    }
}
