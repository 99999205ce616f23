package dev.switchboard.bus.registry;

import dev.switchboard.core.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ServiceRegistry}: time source, health checking, latency averaging and the
 * per-instance circuit breaker. Immutable; build with {@link #builder()}, whose setters validate at
 * once.
 *
 * <p>Defaults: system clock; health checks every 10 s, driven by a registry thread ticking every
 * 100 ms; 3 failed checks in a row make an instance unhealthy, 1 passed check makes it healthy
 * again; latency average weight 0.2; breaker over the last 20 calls, at least 10 calls, opens at a
 * 50 % failure rate, stays open 30 s, then lets 3 trial calls through.
 */
public final class RegistryConfig {
    private static final RegistryConfig DEFAULTS = builder().build();

    private final Clock clock;
    private final Duration healthCheckInterval;
    private final Duration tickInterval;
    private final int unhealthyThreshold;
    private final int healthyThreshold;
    private final double latencySmoothing;
    private final int breakerWindowSize;
    private final int breakerMinimumCalls;
    private final float breakerFailureRatePercent;
    private final Duration breakerOpenDuration;
    private final int breakerHalfOpenCalls;

    private RegistryConfig(Builder b) {
        this.clock = b.clock;
        this.healthCheckInterval = b.healthCheckInterval;
        this.tickInterval = b.tickInterval;
        this.unhealthyThreshold = b.unhealthyThreshold;
        this.healthyThreshold = b.healthyThreshold;
        this.latencySmoothing = b.latencySmoothing;
        this.breakerWindowSize = b.breakerWindowSize;
        this.breakerMinimumCalls = b.breakerMinimumCalls;
        this.breakerFailureRatePercent = b.breakerFailureRatePercent;
        this.breakerOpenDuration = b.breakerOpenDuration;
        this.breakerHalfOpenCalls = b.breakerHalfOpenCalls;
    }

    /**
     * @return the defaults
     */
    public static RegistryConfig defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder starting from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the time source for health-check scheduling, latency and breaker timing
     */
    public Clock clock() {
        return clock;
    }

    /**
     * @return how often each instance's health check runs
     */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    /**
     * @return how often the registry thread looks for due checks; zero when there is no thread
     */
    public Duration tickInterval() {
        return tickInterval;
    }

    /**
     * @return failed checks in a row that take an instance out of rotation
     */
    public int unhealthyThreshold() {
        return unhealthyThreshold;
    }

    /**
     * @return passed checks in a row that bring an unhealthy instance back
     */
    public int healthyThreshold() {
        return healthyThreshold;
    }

    /**
     * @return the weight of the newest sample in the latency moving average, in (0, 1]
     */
    public double latencySmoothing() {
        return latencySmoothing;
    }

    /**
     * @return how many recent calls the breaker judges
     */
    public int breakerWindowSize() {
        return breakerWindowSize;
    }

    /**
     * @return how many calls the breaker needs before it may open
     */
    public int breakerMinimumCalls() {
        return breakerMinimumCalls;
    }

    /**
     * @return the failure rate, in percent, at which the breaker opens
     */
    public float breakerFailureRatePercent() {
        return breakerFailureRatePercent;
    }

    /**
     * @return how long an open breaker keeps its instance out of rotation
     */
    public Duration breakerOpenDuration() {
        return breakerOpenDuration;
    }

    /**
     * @return trial calls a half-open breaker lets through
     */
    public int breakerHalfOpenCalls() {
        return breakerHalfOpenCalls;
    }

    /** Builds a {@link RegistryConfig}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.system();
        private Duration healthCheckInterval = Duration.ofSeconds(10);
        private Duration tickInterval = Duration.ofMillis(100);
        private int unhealthyThreshold = 3;
        private int healthyThreshold = 1;
        private double latencySmoothing = 0.2;
        private int breakerWindowSize = 20;
        private int breakerMinimumCalls = 10;
        private float breakerFailureRatePercent = 50f;
        private Duration breakerOpenDuration = Duration.ofSeconds(30);
        private int breakerHalfOpenCalls = 3;

        private Builder() {}

        /**
         * @param clock the time source
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param interval how often each instance's health check runs; positive
         * @return this builder
         */
        public Builder healthCheckInterval(Duration interval) {
            this.healthCheckInterval = positive("health check interval", interval);
            return this;
        }

        /**
         * @param interval how often the registry's daemon thread runs {@link
         *     ServiceRegistry#tick()}; {@link Duration#ZERO} for no thread, in which case the owner
         *     calls {@code tick()} or {@code checkHealth()} itself
         * @return this builder
         */
        public Builder tickInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException(
                        "tick interval must not be negative: " + interval);
            }
            this.tickInterval = interval;
            return this;
        }

        /**
         * @param failures failed checks in a row that make an instance unhealthy; at least 1
         * @return this builder
         */
        public Builder unhealthyThreshold(int failures) {
            this.unhealthyThreshold = atLeastOne("unhealthy threshold", failures);
            return this;
        }

        /**
         * @param successes passed checks in a row that make it healthy again; at least 1
         * @return this builder
         */
        public Builder healthyThreshold(int successes) {
            this.healthyThreshold = atLeastOne("healthy threshold", successes);
            return this;
        }

        /**
         * @param alpha weight of the newest latency sample, in (0, 1]
         * @return this builder
         */
        public Builder latencySmoothing(double alpha) {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException(
                        "latency smoothing must be in (0, 1], got " + alpha);
            }
            this.latencySmoothing = alpha;
            return this;
        }

        /**
         * @param windowSize recent calls the breaker judges; at least 1
         * @param minimumCalls calls needed before it may open; 1 to {@code windowSize}
         * @param failureRatePercent the failure rate that opens it, in (0, 100]
         * @return this builder
         */
        public Builder breaker(int windowSize, int minimumCalls, float failureRatePercent) {
            atLeastOne("breaker window size", windowSize);
            if (minimumCalls < 1 || minimumCalls > windowSize) {
                throw new IllegalArgumentException(
                        "breaker minimum calls must be in [1, "
                                + windowSize
                                + "], got "
                                + minimumCalls);
            }
            if (!(failureRatePercent > 0 && failureRatePercent <= 100)) {
                throw new IllegalArgumentException(
                        "breaker failure rate must be in (0, 100], got " + failureRatePercent);
            }
            this.breakerWindowSize = windowSize;
            this.breakerMinimumCalls = minimumCalls;
            this.breakerFailureRatePercent = failureRatePercent;
            return this;
        }

        /**
         * @param duration how long an open breaker stays open; positive
         * @return this builder
         */
        public Builder breakerOpenDuration(Duration duration) {
            this.breakerOpenDuration = positive("breaker open duration", duration);
            return this;
        }

        /**
         * @param calls trial calls in half-open state; at least 1
         * @return this builder
         */
        public Builder breakerHalfOpenCalls(int calls) {
            this.breakerHalfOpenCalls = atLeastOne("breaker half-open calls", calls);
            return this;
        }

        /**
         * @return the config
         */
        public RegistryConfig build() {
            return new RegistryConfig(this);
        }

        private static Duration positive(String what, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        private static int atLeastOne(String what, int n) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, got " + n);
            }
            return n;
        }
    }
}
