package dev.switchboard.bus.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadBalancingTest {
    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry =
            new ServiceRegistry(
                    RegistryConfig.builder().clock(clock).tickInterval(Duration.ZERO).build());

    @AfterEach
    void close() {
        registry.close();
    }

    private void registerAbc() {
        for (String id : List.of("c", "a", "b")) {
            registry.register(ServiceInstance.of(id, "svc", "1"));
        }
    }

    private List<String> pick(ServiceQuery q, int times) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            ids.add(registry.select(q).orElseThrow().id());
        }
        return ids;
    }

    @Test
    void roundRobin_cyclesThroughInstancesInIdOrder() {
        registerAbc();

        assertThat(pick(ServiceQuery.of("svc"), 6)).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void select_filtersByVersionAndMetadata_andIsEmptyForUnknownNames() {
        registry.register(new ServiceInstance("a", "svc", "1", Map.of("zone", "eu")));
        registry.register(new ServiceInstance("b", "svc", "2", Map.of("zone", "eu")));
        registry.register(new ServiceInstance("c", "svc", "2", Map.of("zone", "us")));

        ServiceQuery v2 = ServiceQuery.of("svc").withVersion("2");
        assertThat(registry.available(v2))
                .extracting(ServiceInstance::id)
                .containsExactly("b", "c");
        assertThat(pick(v2.withMetadata("zone", "eu"), 3)).containsOnly("b");
        assertThat(registry.select(ServiceQuery.of("other"))).isEmpty();
    }

    @Test
    void leastConnections_picksTheInstanceWithFewestCallsInFlight() {
        registerAbc();
        ServiceQuery q = ServiceQuery.of("svc").withStrategy(LoadBalancing.LEAST_CONNECTIONS);

        // Nested calls hold their instances busy while the innermost selects.
        List<String> path =
                registry.call(
                        q,
                        first ->
                                registry.call(
                                        q,
                                        second -> {
                                            String third = registry.select(q).orElseThrow().id();
                                            return List.of(first.id(), second.id(), third);
                                        }));

        assertThat(path).doesNotHaveDuplicates().containsExactlyInAnyOrder("a", "b", "c");
        assertThat(registry.status(path.get(2)).orElseThrow().inFlight()).isZero();
        assertThat(registry.status(path.get(0)).orElseThrow().inFlight()).isZero();
    }

    @Test
    void leastConnections_tiesGoRoundRobin() {
        registerAbc();
        ServiceQuery q = ServiceQuery.of("svc").withStrategy(LoadBalancing.LEAST_CONNECTIONS);

        assertThat(pick(q, 3)).containsExactly("a", "b", "c");
    }

    @Test
    void weightedResponseTime_sendsTrafficInverselyToMeasuredLatency() {
        registry.register(ServiceInstance.of("fast", "svc", "1"));
        registry.register(ServiceInstance.of("slow", "svc", "1"));
        Map<String, Duration> latency =
                Map.of("fast", Duration.ofMillis(10), "slow", Duration.ofMillis(30));
        ServiceQuery rr = ServiceQuery.of("svc");
        for (int i = 0; i < 4; i++) {
            registry.call(
                    rr,
                    instance -> {
                        clock.advance(latency.get(instance.id()));
                        return null;
                    });
        }
        assertThat(registry.status("fast").orElseThrow().averageLatency())
                .isEqualTo(Duration.ofMillis(10));

        Map<String, Integer> counts = new HashMap<>();
        pick(rr.withStrategy(LoadBalancing.WEIGHTED_RESPONSE_TIME), 40)
                .forEach(id -> counts.merge(id, 1, Integer::sum));

        assertThat(counts).containsEntry("fast", 30).containsEntry("slow", 10);
    }

    @Test
    void weightedResponseTime_averageFollowsNewSamples() {
        registry.register(ServiceInstance.of("a", "svc", "1"));
        for (long ms : new long[] {100, 0, 0, 0}) {
            registry.call(
                    ServiceQuery.of("svc"),
                    i -> {
                        clock.advance(Duration.ofMillis(ms));
                        return null;
                    });
        }
        // EWMA with alpha 0.2: 100, 80, 64, 51.2 ms
        assertThat(registry.status("a").orElseThrow().averageLatency())
                .isEqualTo(Duration.ofNanos(51_200_000));
    }

    @Test
    void consistentHash_keepsKeysOnTheirInstance_andMovesOnlyKeysOfARemovedOne() {
        List<Registration> regs = new ArrayList<>();
        for (String id : List.of("a", "b", "c", "d")) {
            regs.add(registry.register(ServiceInstance.of(id, "svc", "1")));
        }
        ServiceQuery q = ServiceQuery.of("svc").withStrategy(LoadBalancing.CONSISTENT_HASH);
        Map<String, String> before = new HashMap<>();
        IntStream.range(0, 1000)
                .mapToObj(i -> "user-" + i)
                .forEach(k -> before.put(k, registry.select(q, k).orElseThrow().id()));

        assertThat(registry.select(q, "user-7").orElseThrow().id()).isEqualTo(before.get("user-7"));
        Map<String, Long> spread = new HashMap<>();
        before.values().forEach(id -> spread.merge(id, 1L, Long::sum));
        assertThat(spread).hasSize(4).allSatisfy((id, n) -> assertThat(n).isBetween(150L, 350L));

        regs.get(1).deregister(); // "b"
        before.forEach(
                (key, owner) -> {
                    String now = registry.select(q, key).orElseThrow().id();
                    if (owner.equals("b")) {
                        assertThat(now).isNotEqualTo("b");
                    } else {
                        assertThat(now).as(key).isEqualTo(owner);
                    }
                });
    }

    @Test
    void consistentHash_withoutAKey_isRejected() {
        registerAbc();
        ServiceQuery q = ServiceQuery.of("svc").withStrategy(LoadBalancing.CONSISTENT_HASH);

        assertThatThrownBy(() -> registry.select(q)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void register_duplicateId_isRejected() {
        registry.register(ServiceInstance.of("a", "svc", "1"));

        assertThatThrownBy(() -> registry.register(ServiceInstance.of("a", "other", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'");
    }
}
