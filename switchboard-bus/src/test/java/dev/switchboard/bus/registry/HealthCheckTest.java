package dev.switchboard.bus.registry;

import static dev.switchboard.bus.registry.RegistryEvent.Type.DEREGISTERED;
import static dev.switchboard.bus.registry.RegistryEvent.Type.REGISTERED;
import static dev.switchboard.bus.registry.RegistryEvent.Type.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry =
            new ServiceRegistry(
                    RegistryConfig.builder()
                            .clock(clock)
                            .tickInterval(Duration.ZERO)
                            .healthCheckInterval(INTERVAL)
                            .unhealthyThreshold(2)
                            .healthyThreshold(2)
                            .build());
    private final List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<HealthStatus> health =
            new AtomicReference<>(HealthStatus.HEALTHY);
    private final ServiceQuery svc = ServiceQuery.of("svc");

    @AfterEach
    void close() {
        registry.close();
    }

    private List<String> eventsOf(String id) {
        return events.stream()
                .filter(e -> e.instance().id().equals(id))
                .map(e -> e.type().name())
                .toList();
    }

    private void register() {
        registry.addListener(events::add);
        registry.register(ServiceInstance.of("a", "svc", "1"), health::get);
        registry.register(ServiceInstance.of("b", "svc", "1"));
    }

    @Test
    void tick_runsChecksOnlyWhenTheIntervalHasPassed() {
        register();

        assertThat(registry.tick()).isZero();
        clock.advance(INTERVAL.minusMillis(1));
        assertThat(registry.tick()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(registry.tick()).isEqualTo(1);
        assertThat(registry.tick()).isZero();
    }

    @Test
    void consecutiveFailures_takeTheInstanceOutOfRotation_andSuccessesBringItBack() {
        register();
        health.set(HealthStatus.UNHEALTHY);

        clock.advance(INTERVAL);
        registry.tick();
        assertThat(registry.available(svc)).extracting(ServiceInstance::id).contains("a");
        assertThat(registry.status("a").orElseThrow().consecutiveHealthFailures()).isEqualTo(1);

        clock.advance(INTERVAL);
        registry.tick();
        assertThat(registry.available(svc)).extracting(ServiceInstance::id).containsExactly("b");
        assertThat(registry.status("a").orElseThrow().healthy()).isFalse();
        assertThat(registry.instances(svc)).hasSize(2);
        assertThat(eventsOf("a")).containsExactly("REGISTERED", "UNHEALTHY");

        health.set(HealthStatus.HEALTHY);
        registry.checkHealth();
        assertThat(registry.available(svc)).extracting(ServiceInstance::id).containsExactly("b");
        registry.checkHealth();
        assertThat(registry.available(svc))
                .extracting(ServiceInstance::id)
                .containsExactly("a", "b");
        assertThat(eventsOf("a")).containsExactly("REGISTERED", "UNHEALTHY", "HEALTHY");
    }

    @Test
    void aThrowingCheck_countsAsAFailure() {
        registry.addListener(events::add);
        registry.register(
                ServiceInstance.of("a", "svc", "1"),
                () -> {
                    throw new IllegalStateException("probe down");
                });

        registry.checkHealth();
        registry.checkHealth();

        assertThat(registry.available(svc)).isEmpty();
        assertThat(registry.healthCheckErrors()).isEqualTo(2);
        assertThat(events).extracting(RegistryEvent::type).containsExactly(REGISTERED, UNHEALTHY);
    }

    @Test
    void deregister_firesOnce_andAFailingListenerIsCounted() {
        registry.addListener(
                e -> {
                    throw new IllegalStateException("listener bug");
                });
        registry.addListener(events::add);
        Registration r = registry.register(ServiceInstance.of("a", "svc", "1"), health::get);

        r.deregister();
        r.deregister();

        assertThat(r.isRegistered()).isFalse();
        assertThat(registry.instances(svc)).isEmpty();
        assertThat(events)
                .extracting(RegistryEvent::type)
                .containsExactly(REGISTERED, DEREGISTERED);
        assertThat(events.getFirst().at()).isEqualTo(clock.instant());
        assertThat(registry.listenerErrors()).isEqualTo(2);
        assertThat(registry.checkHealth()).isZero();
    }

    @Test
    void theRegistryThread_runsDueChecksWhenTheClockMoves() {
        ServiceRegistry ticking =
                new ServiceRegistry(
                        RegistryConfig.builder()
                                .clock(clock)
                                .tickInterval(Duration.ofMillis(5))
                                .healthCheckInterval(INTERVAL)
                                .unhealthyThreshold(1)
                                .build());
        try {
            ticking.addListener(events::add);
            ticking.register(ServiceInstance.of("a", "svc", "1"), health::get);
            health.set(HealthStatus.UNHEALTHY);

            clock.advance(INTERVAL);

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> eventsOf("a").contains(UNHEALTHY.name()));
            assertThat(ticking.available(svc)).isEmpty();
        } finally {
            ticking.close();
        }
        assertThat(eventsOf("a")).endsWith(DEREGISTERED.name());
        assertThat(eventsOf("a")).first().isEqualTo(REGISTERED.name());
    }
}
