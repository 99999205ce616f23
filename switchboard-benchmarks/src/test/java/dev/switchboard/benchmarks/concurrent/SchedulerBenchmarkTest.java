package dev.switchboard.benchmarks.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Smoke run of every benchmark body once: each must return with its whole batch run. */
class SchedulerBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"execute", "submit"})
    void everyBenchmarkBody_runsItsWholeBatch(String api) throws Exception {
        SchedulerBenchmark b = new SchedulerBenchmark();
        b.api = api;
        b.setUp();
        try {
            SchedulerBenchmark.Batch batch = new SchedulerBenchmark.Batch();
            b.switchboard_1submitter(batch);
            b.switchboard_2submitters(batch);
            b.switchboard_4submitters(batch);
            assertThat(batch.completed()).isEqualTo(3L * SchedulerBenchmark.BATCH);
            b.threadPool_1submitter(batch);
            b.threadPool_2submitters(batch);
            b.threadPool_4submitters(batch);
            assertThat(batch.completed()).isEqualTo(6L * SchedulerBenchmark.BATCH);
            b.forkJoin_1submitter(batch);
            b.forkJoin_2submitters(batch);
            b.forkJoin_4submitters(batch);
            assertThat(batch.completed()).isEqualTo(9L * SchedulerBenchmark.BATCH);
            assertThat(b.threadPool.getCompletedTaskCount())
                    .isEqualTo(3L * SchedulerBenchmark.BATCH);
        } finally {
            b.tearDown();
        }
        assertThat(b.scheduler.isTerminated()).isTrue();
    }
}
