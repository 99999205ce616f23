package dev.switchboard.bus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bus.InProcessBus;
import dev.switchboard.bus.SubscriptionOptions;
import dev.switchboard.core.ManualClock;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineStagesTest {
    static final Duration WAIT = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock();
    private final InProcessBus bus = InProcessBus.builder().clock(clock).build();
    private final List<Message> out = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeBus() {
        bus.close();
    }

    static Message msg(ManualClock clock, String subject, int seq) {
        return Message.builder(subject)
                .clock(clock)
                .header("seq", Integer.toString(seq))
                .body(Container.builder().put("n", seq).build())
                .build();
    }

    static int seq(Message m) {
        return Integer.parseInt(m.header("seq").orElseThrow());
    }

    @Test
    void filterMapEnrich_transformInOrder_andCountEachStage() {
        Pipeline p =
                Pipeline.builder()
                        .filter(m -> seq(m) % 2 == 0)
                        .named("evens")
                        .map(m -> m.toBuilder().subject("out." + seq(m)).build())
                        .enrich(m -> Map.of("stage", "enriched"))
                        .enrichBody(m -> Container.builder().put("double", seq(m) * 2).build())
                        .to(out::add);
        p.start();
        for (int i = 0; i < 10; i++) {
            assertThat(p.offer(msg(clock, "in", i))).isTrue();
        }
        p.close();

        assertThat(out).extracting(PipelineStagesTest::seq).containsExactly(0, 2, 4, 6, 8);
        Message first = out.get(2);
        assertThat(first.subject()).isEqualTo("out.4");
        assertThat(first.header("stage")).contains("enriched");
        assertThat(first.body().getInt32("n")).isEqualTo(4);
        assertThat(first.body().getInt32("double")).isEqualTo(8);

        PipelineStats stats = p.stats();
        assertThat(stats.accepted()).isEqualTo(10);
        assertThat(stats.stages())
                .extracting(StageStats::name)
                .containsExactly("evens", "map#2", "enrich#3", "enrich#4", "to#5");
        assertThat(stats.stage("evens").orElseThrow())
                .extracting(StageStats::in, StageStats::out, StageStats::dropped)
                .containsExactly(10L, 5L, 5L);
        assertThat(stats.stage("to#5").orElseThrow())
                .extracting(StageStats::in, StageStats::out, StageStats::errors)
                .containsExactly(5L, 5L, 0L);
    }

    @Test
    void aThrowingOrNullReturningStage_countsAndDiscardsThatMessageOnly() {
        Pipeline p =
                Pipeline.builder()
                        .map(
                                m -> {
                                    if (seq(m) == 1) {
                                        throw new IllegalStateException("bad message");
                                    }
                                    return seq(m) == 2 ? null : m;
                                })
                        .to(
                                m -> {
                                    if (seq(m) == 3) {
                                        throw new IllegalArgumentException("consumer bug");
                                    }
                                    out.add(m);
                                });
        p.start();
        for (int i = 0; i < 5; i++) {
            p.offer(msg(clock, "in", i));
        }
        p.close();

        assertThat(out).extracting(PipelineStagesTest::seq).containsExactly(0, 4);
        assertThat(p.stats().stage("map#1").orElseThrow())
                .extracting(
                        StageStats::in, StageStats::out, StageStats::dropped, StageStats::errors)
                .containsExactly(5L, 3L, 1L, 1L);
        assertThat(p.stats().stage("to#2").orElseThrow().errors()).isEqualTo(1);
    }

    @Test
    void route_publishesToTheChosenSubject_andCountsMessagesNobodyReceived() {
        List<Message> a = new CopyOnWriteArrayList<>();
        bus.subscribe(
                "routed.a",
                d -> a.add(d.message()),
                SubscriptionOptions.builder().callerThread().build());
        Pipeline p = Pipeline.builder().route(bus, m -> seq(m) < 3 ? "routed.a" : "routed.nobody");
        p.start();
        for (int i = 0; i < 5; i++) {
            p.offer(msg(clock, "in", i));
        }
        p.close();

        assertThat(a).extracting(PipelineStagesTest::seq).containsExactly(0, 1, 2);
        assertThat(a).allSatisfy(m -> assertThat(m.subject()).isEqualTo("routed.a"));
        assertThat(p.stats().stage("route#1").orElseThrow())
                .extracting(StageStats::out, StageStats::dropped)
                .containsExactly(3L, 2L);
    }

    @Test
    void from_feedsThePipelineFromABusSubscription_andToPublishesBack() {
        List<Message> results = new CopyOnWriteArrayList<>();
        bus.subscribe("results", d -> results.add(d.message()));
        Pipeline p =
                Pipeline.from(bus, "orders.>")
                        .enrich(m -> Map.of("seen", "yes"))
                        .to(bus, "results");
        p.start();

        for (int i = 0; i < 20; i++) {
            bus.publish(msg(clock, "orders.eu", i));
        }

        await().atMost(WAIT).until(() -> results.size() == 20);
        assertThat(results)
                .extracting(PipelineStagesTest::seq)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 20).boxed().toList());
        assertThat(results).allSatisfy(m -> assertThat(m.header("seen")).contains("yes"));
        p.close();
        assertThat(p.stats().accepted()).isEqualTo(20);
        assertThat(p.offer(msg(clock, "orders.eu", 99))).isFalse();
        assertThat(p.stats().rejected()).isEqualTo(1);
    }

    @Test
    void close_beforeStart_stillDeliversWhatWasOffered() {
        Pipeline p = Pipeline.builder().to(out::add);
        p.offer(msg(clock, "in", 1));

        p.close();

        assertThat(out).hasSize(1);
    }
}
