package dev.switchboard.bus.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-instance breaker, with real Resilience4j reading the registry's manual clock. */
class CircuitBreakerTest {
    private static final Duration OPEN = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry =
            new ServiceRegistry(
                    RegistryConfig.builder()
                            .clock(clock)
                            .tickInterval(Duration.ZERO)
                            .breaker(4, 4, 50f)
                            .breakerOpenDuration(OPEN)
                            .breakerHalfOpenCalls(1)
                            .build());
    private final List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicBoolean aFails = new AtomicBoolean(true);
    private final ServiceQuery svc = ServiceQuery.of("svc");

    @AfterEach
    void close() {
        registry.close();
    }

    private String callOnce() {
        try {
            return registry.call(
                    svc,
                    i -> {
                        if (i.id().equals("a") && aFails.get()) {
                            throw new IOException("connection refused");
                        }
                        return i.id();
                    });
        } catch (ServiceCallException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class);
            return "failed:" + e.instance().id();
        }
    }

    private List<String> calls(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(callOnce());
        }
        return out;
    }

    private List<RegistryEvent.Type> breakerEvents() {
        return events.stream()
                .map(RegistryEvent::type)
                .filter(t -> t.name().startsWith("BREAKER"))
                .toList();
    }

    @Test
    void failingCalls_openTheBreaker_andTheInstanceLeavesRotation() {
        registry.addListener(events::add);
        registry.register(ServiceInstance.of("a", "svc", "1"));
        registry.register(ServiceInstance.of("b", "svc", "1"));

        assertThat(calls(8))
                .containsExactly(
                        "failed:a", "b", "failed:a", "b", "failed:a", "b", "failed:a", "b");

        assertThat(registry.status("a").orElseThrow().breaker()).isEqualTo(BreakerState.OPEN);
        assertThat(registry.status("a").orElseThrow().inRotation()).isFalse();
        assertThat(registry.available(svc)).extracting(ServiceInstance::id).containsExactly("b");
        assertThat(breakerEvents()).containsExactly(RegistryEvent.Type.BREAKER_OPENED);
        assertThat(calls(4)).containsOnly("b");
        assertThat(registry.select(svc)).map(ServiceInstance::id).contains("b");
    }

    @Test
    void afterTheOpenDuration_aTrialCallClosesTheBreaker() {
        registry.addListener(events::add);
        registry.register(ServiceInstance.of("a", "svc", "1"));
        calls(4);
        assertThat(registry.status("a").orElseThrow().breaker()).isEqualTo(BreakerState.OPEN);
        assertThatThrownBy(this::callOnceStrict).isInstanceOf(NoAvailableInstanceException.class);

        clock.advance(OPEN.minusMillis(1));
        assertThat(registry.available(svc)).isEmpty();
        clock.advance(Duration.ofMillis(2));
        assertThat(registry.available(svc)).extracting(ServiceInstance::id).containsExactly("a");

        aFails.set(false);
        assertThat(callOnce()).isEqualTo("a");

        assertThat(registry.status("a").orElseThrow().breaker()).isEqualTo(BreakerState.CLOSED);
        assertThat(breakerEvents())
                .containsExactly(
                        RegistryEvent.Type.BREAKER_OPENED,
                        RegistryEvent.Type.BREAKER_HALF_OPENED,
                        RegistryEvent.Type.BREAKER_CLOSED);
    }

    @Test
    void aFailedTrialCall_reopensTheBreakerForAnotherOpenDuration() {
        registry.register(ServiceInstance.of("a", "svc", "1"));
        calls(4);
        clock.advance(OPEN.plusMillis(1));

        assertThat(callOnce()).isEqualTo("failed:a");

        assertThat(registry.status("a").orElseThrow().breaker()).isEqualTo(BreakerState.OPEN);
        assertThat(registry.available(svc)).isEmpty();
        clock.advance(OPEN.plusMillis(1));
        assertThat(registry.available(svc)).hasSize(1);
    }

    @Test
    void noInstances_failsWithNoAvailableInstance() {
        assertThatThrownBy(this::callOnceStrict)
                .isInstanceOf(NoAvailableInstanceException.class)
                .hasMessageContaining("'svc'")
                .hasMessageContaining("0 registered");
    }

    private String callOnceStrict() {
        return registry.call(svc, ServiceInstance::id);
    }
}
