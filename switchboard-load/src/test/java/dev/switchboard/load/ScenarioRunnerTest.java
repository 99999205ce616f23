package dev.switchboard.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The runner and the report against an in-memory target that delivers on the publishing thread, so
 * the counting, pacing, progress and latency bookkeeping are checked without a server.
 */
class ScenarioRunnerTest {

    /** Delivers synchronously; queue groups round-robin. */
    static final class InMemoryTarget implements LoadTarget {
        private final Map<String, List<Consumer<byte[]>>> plain = new ConcurrentHashMap<>();
        private final Map<String, List<Consumer<byte[]>>> groups = new ConcurrentHashMap<>();
        private final Map<String, byte[]> responders = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();
        final AtomicLong published = new AtomicLong();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public Optional<ProcessHandle> serverProcess() {
            return Optional.empty();
        }

        @Override
        public LoadClient connect(String connectionName) {
            return new LoadClient() {
                @Override
                public void publish(String subject, byte[] payload) {
                    published.incrementAndGet();
                    plain.getOrDefault(subject, List.of()).forEach(c -> c.accept(payload));
                    List<Consumer<byte[]>> g = groups.getOrDefault(subject, List.of());
                    if (!g.isEmpty()) {
                        g.get(Math.floorMod(next.getAndIncrement(), g.size())).accept(payload);
                    }
                }

                @Override
                public void flush(Duration timeout) {}

                @Override
                public void subscribe(
                        String subject, String queueGroup, Consumer<byte[]> onMessage) {
                    (queueGroup == null ? plain : groups)
                            .computeIfAbsent(subject, k -> new CopyOnWriteArrayList<>())
                            .add(onMessage);
                }

                @Override
                public void reply(String subject, byte[] response) {
                    responders.put(subject, response);
                }

                @Override
                public byte[] request(String subject, byte[] payload, Duration timeout) {
                    return responders.get(subject);
                }

                @Override
                public void close() {}
            };
        }
    }

    @Test
    void everyScenario_countsEveryDelivery_andReportsProgressToTheEnd() throws Exception {
        List<long[]> progress = new ArrayList<>();
        ScenarioRunner runner =
                new ScenarioRunner(5_000, 300)
                        .withPublishLatency(true)
                        .withProgress((s, done, total) -> progress.add(new long[] {done, total}));
        List<Result> results = new ArrayList<>();
        for (Scenario s :
                List.of(
                        Scenario.pubSub(16),
                        Scenario.fanOut(3, 16),
                        Scenario.queue(2, 16),
                        Scenario.requestReply(16))) {
            progress.clear();
            Result r = runner.run(new InMemoryTarget(), s);
            results.add(r);
            long perMessage = s.requestReply() ? 2 : s.deliveriesPerMessage();
            assertThat(r.deliveries()).as(s.label()).isEqualTo(r.messages() * perMessage);
            assertThat(r.latencyMicros()).as(s.label()).isNotNull();
            assertThat(r.latencyMicros().getTotalCount())
                    .as(s.label())
                    .isEqualTo(s.requestReply() ? 300 : 5_000L * s.deliveriesPerMessage());
            long[] last = progress.getLast();
            assertThat(last[0]).as(s.label()).isEqualTo(last[1]).isPositive();
            assertThat(progress).allSatisfy(p -> assertThat(p[0]).isBetween(0L, p[1]));
        }

        StringWriter text = new StringWriter();
        Report.print(results, new PrintWriter(text, true));
        assertThat(text.toString())
                .contains("| fan-out 1→3 16 B | 5,000 |")
                .contains("| request/reply 16 B | round trip |")
                .contains("| queue group of 2 16 B | publish→delivery, saturated |");
    }

    @Test
    void warmUp_runsEveryScenarioOnce_withATenthOfTheMessages_whenNoTimeIsGiven() throws Exception {
        InMemoryTarget target = new InMemoryTarget();
        long rounds =
                new ScenarioRunner(5_000, 300)
                        .warmUp(
                                target,
                                List.of(Scenario.pubSub(16), Scenario.requestReply(16)),
                                Duration.ZERO);
        assertThat(rounds).isEqualTo(1);
        // 500 messages, plus that round's own warm-up of a tenth; requests do not publish.
        assertThat(target.published).hasValue(550);
    }

    @Test
    void withoutPublishLatency_throughputHasNoHistogram_andTinyPayloadsNeverDo() throws Exception {
        assertThat(new ScenarioRunner(1_000, 10).run(new InMemoryTarget(), Scenario.pubSub(64)))
                .extracting(Result::latencyMicros)
                .isNull();
        assertThat(
                        new ScenarioRunner(1_000, 10)
                                .withPublishLatency(true)
                                .run(new InMemoryTarget(), Scenario.pubSub(4))
                                .latencyMicros())
                .isNull();
    }
}
