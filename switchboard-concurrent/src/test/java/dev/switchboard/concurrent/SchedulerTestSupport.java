package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Builds schedulers on a manual clock with in-memory metrics, and stops them after each test. */
abstract class SchedulerTestSupport {
    protected final ManualClock clock = new ManualClock();
    protected final InMemoryMetricsRecorder metrics = new InMemoryMetricsRecorder();
    private final List<JobScheduler> started = new ArrayList<>();

    protected SchedulerConfig.Builder config(int workers) {
        return SchedulerConfig.builder()
                .workers(workers)
                .clock(clock)
                .metrics(metrics)
                .daemonThreads(true);
    }

    protected JobScheduler start(SchedulerConfig.Builder config) {
        JobScheduler scheduler = JobScheduler.create(config.build());
        started.add(scheduler);
        return scheduler;
    }

    @AfterEach
    void stopSchedulers() throws InterruptedException {
        for (JobScheduler s : started) {
            s.shutdownNow();
            assertThat(s.awaitTermination(Duration.ofSeconds(30))).as("terminated").isTrue();
        }
    }
}
