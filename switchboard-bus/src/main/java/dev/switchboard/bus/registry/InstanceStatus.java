package dev.switchboard.bus.registry;

import java.time.Duration;

/**
 * A snapshot of one instance's state in the registry.
 *
 * @param instance the instance
 * @param healthy whether its health check lets it take calls
 * @param breaker the state of its circuit breaker
 * @param inRotation whether selection may pick it now (healthy, breaker not open or its open
 *     duration passed)
 * @param inFlight calls through {@link ServiceRegistry#call} running now
 * @param averageLatency the moving average of successful-call latency; {@link Duration#ZERO} before
 *     the first one
 * @param consecutiveHealthFailures failed health checks in a row
 */
public record InstanceStatus(
        ServiceInstance instance,
        boolean healthy,
        BreakerState breaker,
        boolean inRotation,
        int inFlight,
        Duration averageLatency,
        int consecutiveHealthFailures) {}
