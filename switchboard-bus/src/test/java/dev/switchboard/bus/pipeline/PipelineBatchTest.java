package dev.switchboard.bus.pipeline;

import static dev.switchboard.bus.pipeline.PipelineStagesTest.WAIT;
import static dev.switchboard.bus.pipeline.PipelineStagesTest.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PipelineBatchTest {
    private final ManualClock clock = new ManualClock();
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    private void collect(List<Message> batch) {
        batches.add(batch.stream().map(PipelineStagesTest::seq).toList());
    }

    private void offer(Pipeline p, int from, int to) {
        for (int i = from; i < to; i++) {
            assertThat(p.offer(msg(clock, "in", i))).isTrue();
        }
    }

    @Test
    void batchesBySize_andEmitsThePartialBatchAtClose() {
        Pipeline p =
                Pipeline.builder().clock(clock).batch(3, Duration.ofHours(1)).to(this::collect);
        p.start();

        offer(p, 0, 7);
        await().atMost(WAIT).until(() -> batches.size() == 2);
        assertThat(batches).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5));

        p.close();
        assertThat(batches).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
        assertThat(p.stats().stage("batch#1").orElseThrow())
                .extracting(StageStats::in, StageStats::out)
                .containsExactly(7L, 7L);
        assertThat(p.stats().stage("to#2").orElseThrow().in()).isEqualTo(3);
    }

    @Test
    void batchesByTime_whenTheClockPassesMaxWait() {
        Pipeline p =
                Pipeline.builder()
                        .clock(clock)
                        .timerResolution(Duration.ofMillis(1))
                        .batch(10, Duration.ofSeconds(1))
                        .named("collect")
                        .to(this::collect);
        p.start();

        offer(p, 0, 3);
        await().atMost(WAIT).until(() -> p.stats().stage("collect").orElseThrow().in() == 3);
        clock.advance(Duration.ofMillis(999));
        assertThat(batches).isEmpty();
        clock.advance(Duration.ofMillis(1));

        await().atMost(WAIT).until(() -> batches.size() == 1);
        assertThat(batches).containsExactly(List.of(0, 1, 2));
        p.close();
        assertThat(batches).hasSize(1);
    }

    @Test
    void flush_emitsThePartialBatchAfterEverythingOfferedBefore() throws InterruptedException {
        Pipeline p =
                Pipeline.builder().clock(clock).batch(10, Duration.ofHours(1)).to(this::collect);
        p.start();

        offer(p, 0, 2);
        p.flush();
        await().atMost(WAIT).until(() -> batches.size() == 1);
        offer(p, 2, 3);
        p.flush();
        await().atMost(WAIT).until(() -> batches.size() == 2);

        assertThat(batches).containsExactly(List.of(0, 1), List.of(2));
        p.close();
    }
}
