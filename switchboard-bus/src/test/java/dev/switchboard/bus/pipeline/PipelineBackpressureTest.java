package dev.switchboard.bus.pipeline;

import static dev.switchboard.bus.pipeline.PipelineStagesTest.WAIT;
import static dev.switchboard.bus.pipeline.PipelineStagesTest.msg;
import static dev.switchboard.bus.pipeline.PipelineStagesTest.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.core.message.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PipelineBackpressureTest {
    private static final int CAPACITY = 4;
    private static final int STAGES = 3;

    private final ManualClock clock = new ManualClock();
    private final List<Message> out = new CopyOnWriteArrayList<>();

    @Test
    void aStalledConsumer_fillsTheQueues_thenOfferReturnsFalse_andNothingIsLost()
            throws InterruptedException {
        Semaphore gate = new Semaphore(0);
        Pipeline p =
                Pipeline.builder()
                        .queueCapacity(CAPACITY)
                        .map(m -> m)
                        .filter(m -> true)
                        .to(
                                m -> {
                                    gate.acquireUninterruptibly();
                                    out.add(m);
                                });
        p.start();

        // Held at most: every queue full, and every worker holding one message.
        int bound = STAGES * (CAPACITY + 1);
        for (int i = 0; i < bound; i++) {
            assertThat(p.offer(msg(clock, "in", i), WAIT)).isTrue();
        }
        await().atMost(WAIT)
                .until(() -> p.stats().stages().stream().allMatch(s -> s.queued() == CAPACITY));

        assertThat(p.offer(msg(clock, "in", bound))).isFalse();
        assertThat(p.stats().rejected()).isEqualTo(1);
        assertThat(p.stats().stage("to#3").orElseThrow().in()).isEqualTo(1);
        assertThat(out).isEmpty();

        gate.release(Integer.MAX_VALUE / 2);
        p.close();
        assertThat(out)
                .extracting(PipelineStagesTest::seq)
                .containsExactlyElementsOf(IntStream.range(0, bound).boxed().toList());
    }

    @Test
    void aSlowConsumer_withBlockingOffers_receivesEverythingInOrder_withinBoundedQueues()
            throws InterruptedException {
        int total = 2_000;
        AtomicInteger maxQueued = new AtomicInteger();
        Pipeline[] self = new Pipeline[1];
        Pipeline p =
                Pipeline.builder()
                        .queueCapacity(CAPACITY)
                        .map(m -> m)
                        .filter(m -> true)
                        .to(
                                m -> {
                                    if (seq(m) % 50 == 0) {
                                        int queued =
                                                self[0].stats().stages().stream()
                                                        .mapToInt(StageStats::queued)
                                                        .max()
                                                        .orElseThrow();
                                        maxQueued.accumulateAndGet(queued, Math::max);
                                    }
                                    // A consumer slower than the producer: some busy work.
                                    long x = 0;
                                    for (int i = 0; i < 20_000; i++) {
                                        x += i ^ seq(m);
                                    }
                                    if (x != -1) {
                                        out.add(m);
                                    }
                                });
        self[0] = p;
        p.start();

        for (int i = 0; i < total; i++) {
            assertThat(p.offer(msg(clock, "in", i), WAIT)).isTrue();
        }

        await().atMost(WAIT).until(() -> out.size() == total);
        assertThat(out)
                .extracting(PipelineStagesTest::seq)
                .containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
        assertThat(maxQueued.get()).isLessThanOrEqualTo(CAPACITY);
        assertThat(p.stats().rejected()).isZero();
        p.close();
        assertThat(p.stats().stages())
                .allSatisfy(
                        s -> {
                            assertThat(s.in()).isEqualTo(total);
                            assertThat(s.out()).isEqualTo(total);
                        });
    }
}
