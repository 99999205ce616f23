package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchedulerConfigTest {

    @Test
    void defaults_areUsable() {
        SchedulerConfig c = SchedulerConfig.defaults();
        assertThat(c.lanes()).containsKeys(Lane.SHARED, Lane.BLOCKING);
        assertThat(c.lanes().get(Lane.SHARED).kind()).isEqualTo(LaneKind.PLATFORM);
        assertThat(c.lanes().get(Lane.SHARED).parallelism())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.lanes().get(Lane.BLOCKING).kind()).isEqualTo(LaneKind.VIRTUAL);
        assertThat(c.lanes().get(Lane.BLOCKING).parallelism())
                .isEqualTo(SchedulerConfig.DEFAULT_BLOCKING_CONCURRENCY);
        assertThat(c.agingThreshold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.lanes().get(Lane.SHARED).fullQueuePolicy())
                .isEqualTo(FullQueuePolicy.reject());
    }

    @Test
    void setters_validateAtOnce() {
        SchedulerConfig.Builder b = SchedulerConfig.builder();
        assertThatThrownBy(() -> b.workers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism must be at least 1, got 0");
        assertThatThrownBy(() -> b.queueCapacity(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> b.queueCapacity(LaneConfig.MAX_QUEUE_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.blockingConcurrency(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.agingThreshold(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agingThreshold");
        assertThatThrownBy(() -> b.agingThreshold(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.threadNamePrefix("has space"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.metrics(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> FullQueuePolicy.block(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LaneConfig.platform("bad name", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lane name");
        assertThatThrownBy(() -> LaneConfig.virtual("ok", 0))
                .isInstanceOf(IllegalArgumentException.class);
        // A failed setter leaves the builder as it was.
        assertThat(b.build().lanes().get(Lane.SHARED).parallelism())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void build_rejectsAVirtualSharedLane() {
        SchedulerConfig.Builder b = SchedulerConfig.builder().lane(LaneConfig.virtual("shared", 4));
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a PLATFORM lane");
    }

    @Test
    void lanes_canBeAddedAndReplaced_andTheConfigIsImmutable() {
        SchedulerConfig c =
                SchedulerConfig.builder()
                        .workers(3)
                        .queueCapacity(64)
                        .lane(LaneConfig.platform("codec", 2).withQueueCapacity(16))
                        .lane(LaneConfig.virtual("blocking", 8))
                        .build();
        assertThat(c.lanes().get(Lane.SHARED))
                .isEqualTo(
                        new LaneConfig(
                                Lane.SHARED, LaneKind.PLATFORM, 3, 64, FullQueuePolicy.reject()));
        assertThat(c.lanes().get(Lane.of("codec")).queueCapacity()).isEqualTo(16);
        assertThat(c.lanes().get(Lane.BLOCKING).parallelism()).isEqualTo(8);
        assertThatThrownBy(() -> c.lanes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void submissionResults_checkTheirStatus() {
        assertThatThrownBy(() -> new Submission.Rejected<Void>(SubmitStatus.ACCEPTED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new Submission.Accepted<Void>(
                                        SubmitStatus.QUEUE_FULL,
                                        new java.util.concurrent.CompletableFuture<>()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SubmitStatus.RAN_BY_CALLER.isAccepted()).isTrue();
        assertThat(SubmitStatus.INTERRUPTED.isAccepted()).isFalse();
    }
}
