package dev.switchboard.bus.registry;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The registry's mutable state for one instance. Health fields are written only by the thread
 * holding the registry's health lock; the smooth-weighted-round-robin weight only under the
 * balancer's lock; the rest is atomic or volatile.
 */
final class InstanceEntry {
    private static final long NO_SAMPLE = Double.doubleToRawLongBits(-1.0);

    final ServiceInstance instance;
    final Supplier<HealthStatus> healthCheck;
    final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong latencyNanosBits = new AtomicLong(NO_SAMPLE);
    CircuitBreaker breaker;

    volatile boolean registered = true;
    volatile boolean healthy = true;
    volatile Instant openUntil;
    volatile int consecutiveFailures;
    int consecutiveSuccesses;
    long nextCheckNanos;
    double currentWeight;

    InstanceEntry(ServiceInstance instance, Supplier<HealthStatus> healthCheck) {
        this.instance = instance;
        this.healthCheck = healthCheck;
    }

    String id() {
        return instance.id();
    }

    /**
     * @return the moving average of successful-call latency in nanoseconds, or a negative value
     *     before the first sample
     */
    double averageLatencyNanos() {
        return Double.longBitsToDouble(latencyNanosBits.get());
    }

    void recordLatency(long nanos, double alpha) {
        long prevBits;
        long nextBits;
        do {
            prevBits = latencyNanosBits.get();
            double prev = Double.longBitsToDouble(prevBits);
            double next = prev < 0 ? nanos : prev + alpha * (nanos - prev);
            nextBits = Double.doubleToRawLongBits(next);
        } while (!latencyNanosBits.compareAndSet(prevBits, nextBits));
    }

    BreakerState breakerState() {
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            case CLOSED, DISABLED, METRICS_ONLY -> BreakerState.CLOSED;
        };
    }

    /** Whether the breaker lets selection pick it: not open, or open past its open duration. */
    boolean breakerAdmits(Instant now) {
        return switch (breaker.getState()) {
            case OPEN -> {
                Instant until = openUntil;
                yield until != null && !now.isBefore(until);
            }
            case FORCED_OPEN -> false;
            case CLOSED, HALF_OPEN, DISABLED, METRICS_ONLY -> true;
        };
    }
}
