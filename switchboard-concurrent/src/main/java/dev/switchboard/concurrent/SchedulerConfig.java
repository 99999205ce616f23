package dev.switchboard.concurrent;

import dev.switchboard.core.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a {@link JobScheduler} is built from. Immutable and thread-safe; made by {@link
 * #builder()}, whose setters check their argument at once and whose {@link Builder#build()} checks
 * the rules that span settings.
 *
 * <pre>{@code
 * SchedulerConfig config = SchedulerConfig.builder()
 *         .workers(4)
 *         .queueCapacity(4096)
 *         .fullQueuePolicy(FullQueuePolicy.block(Duration.ofMillis(50)))
 *         .lane(LaneConfig.platform("codec", 2))
 *         .lane(LaneConfig.virtual("db", 32).withQueueCapacity(8192))
 *         .agingThreshold(Duration.ofMillis(200))
 *         .build();
 * }</pre>
 */
public final class SchedulerConfig {
    /** Default concurrency limit of the {@link Lane#BLOCKING} lane. */
    public static final int DEFAULT_BLOCKING_CONCURRENCY = 256;

    /** Default {@link Builder#agingThreshold(Duration)}: one second. */
    public static final Duration DEFAULT_AGING_THRESHOLD = Duration.ofSeconds(1);

    private static final Pattern THREAD_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final Map<Lane, LaneConfig> lanes;
    private final UnknownLanePolicy unknownLanePolicy;
    private final Duration agingThreshold;
    private final Clock clock;
    private final MetricsRecorder metrics;
    private final JobErrorHandler errorHandler;
    private final String threadNamePrefix;
    private final boolean daemonThreads;

    private SchedulerConfig(Builder b) {
        this.lanes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.lanes));
        this.unknownLanePolicy = b.unknownLanePolicy;
        this.agingThreshold = b.agingThreshold;
        this.clock = b.clock;
        this.metrics = b.metrics;
        this.errorHandler = b.errorHandler;
        this.threadNamePrefix = b.threadNamePrefix;
        this.daemonThreads = b.daemonThreads;
    }

    /**
     * @return a builder with the defaults: {@code availableProcessors()} shared workers, capacity
     *     {@value LaneConfig#DEFAULT_QUEUE_CAPACITY}, policy reject, a blocking lane of {@value
     *     #DEFAULT_BLOCKING_CONCURRENCY} virtual threads, unknown lanes rejected, aging after one
     *     second, the system clock, no metrics, logging error handler, non-daemon threads
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a configuration with every default
     */
    public static SchedulerConfig defaults() {
        return builder().build();
    }

    /**
     * @return every lane, {@link Lane#SHARED} and {@link Lane#BLOCKING} first; unmodifiable
     */
    public Map<Lane, LaneConfig> lanes() {
        return lanes;
    }

    /**
     * @return where jobs for an unknown lane go
     */
    public UnknownLanePolicy unknownLanePolicy() {
        return unknownLanePolicy;
    }

    /**
     * @return how long a job may wait before it is served ahead of higher-priority jobs
     */
    public Duration agingThreshold() {
        return agingThreshold;
    }

    /**
     * @return the clock for queue waits, aging, run times and timeouts
     */
    public Clock clock() {
        return clock;
    }

    /**
     * @return where job events go
     */
    public MetricsRecorder metrics() {
        return metrics;
    }

    /**
     * @return who hears about failures of fire-and-forget jobs
     */
    public JobErrorHandler errorHandler() {
        return errorHandler;
    }

    /**
     * @return the first part of every thread name ({@code prefix-lane-n})
     */
    public String threadNamePrefix() {
        return threadNamePrefix;
    }

    /**
     * @return whether platform worker threads are daemon threads
     */
    public boolean daemonThreads() {
        return daemonThreads;
    }

    @Override
    public String toString() {
        return "SchedulerConfig{lanes="
                + lanes.values()
                + ", unknownLanePolicy="
                + unknownLanePolicy
                + ", agingThreshold="
                + agingThreshold
                + ", threadNamePrefix="
                + threadNamePrefix
                + ", daemonThreads="
                + daemonThreads
                + '}';
    }

    /**
     * Builds a {@link SchedulerConfig}. Each setter throws {@link IllegalArgumentException} (or
     * {@link NullPointerException}) at once for a bad value. Not thread-safe.
     */
    public static final class Builder {
        private final Map<Lane, LaneConfig> lanes = new LinkedHashMap<>();
        private UnknownLanePolicy unknownLanePolicy = UnknownLanePolicy.REJECT;
        private Duration agingThreshold = DEFAULT_AGING_THRESHOLD;
        private Clock clock = Clock.system();
        private MetricsRecorder metrics = MetricsRecorder.noop();
        private JobErrorHandler errorHandler = JobErrorHandler.logging();
        private String threadNamePrefix = "switchboard";
        private boolean daemonThreads;

        private Builder() {
            lanes.put(
                    Lane.SHARED,
                    LaneConfig.platform(
                            Lane.SHARED.name(), Runtime.getRuntime().availableProcessors()));
            lanes.put(
                    Lane.BLOCKING,
                    LaneConfig.virtual(Lane.BLOCKING.name(), DEFAULT_BLOCKING_CONCURRENCY));
        }

        private LaneConfig shared() {
            return lanes.get(Lane.SHARED);
        }

        /**
         * @param workers number of platform worker threads in the {@link Lane#SHARED} pool, at
         *     least 1
         * @return this builder
         */
        public Builder workers(int workers) {
            lanes.put(Lane.SHARED, shared().withParallelism(workers));
            return this;
        }

        /**
         * @param capacity capacity of each of the shared pool's queues (one per worker and priority
         *     level), in {@code [2, 2^24]}, rounded up to a power of two
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            lanes.put(Lane.SHARED, shared().withQueueCapacity(capacity));
            return this;
        }

        /**
         * @param policy what a submission to the shared pool does when its queue is full
         * @return this builder
         */
        public Builder fullQueuePolicy(FullQueuePolicy policy) {
            lanes.put(Lane.SHARED, shared().withFullQueuePolicy(policy));
            return this;
        }

        /**
         * @param maxConcurrency the most jobs the {@link Lane#BLOCKING} lane runs at once, at least
         *     1
         * @return this builder
         */
        public Builder blockingConcurrency(int maxConcurrency) {
            lanes.put(Lane.BLOCKING, lanes.get(Lane.BLOCKING).withParallelism(maxConcurrency));
            return this;
        }

        /**
         * Adds a lane, or replaces the lane of the same name (including {@link Lane#SHARED} and
         * {@link Lane#BLOCKING}).
         *
         * @param lane the lane's configuration
         * @return this builder
         */
        public Builder lane(LaneConfig lane) {
            Objects.requireNonNull(lane, "lane");
            lanes.put(lane.lane(), lane);
            return this;
        }

        /**
         * @param policy what happens to jobs for a lane that does not exist
         * @return this builder
         */
        public Builder unknownLanePolicy(UnknownLanePolicy policy) {
            this.unknownLanePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * A job that has waited at least this long is served before any job of higher priority that
         * has waited less, so low priorities never starve.
         *
         * @param threshold positive
         * @return this builder
         */
        public Builder agingThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException(
                        "agingThreshold must be positive, got " + threshold);
            }
            this.agingThreshold = threshold;
            return this;
        }

        /**
         * @param clock the time source; tests pass a {@link dev.switchboard.core.ManualClock}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param metrics where job events go
         * @return this builder
         */
        public Builder metrics(MetricsRecorder metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * @param handler who hears about failures of fire-and-forget jobs
         * @return this builder
         */
        public Builder errorHandler(JobErrorHandler handler) {
            this.errorHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * @param prefix 1 to 32 characters of {@code [A-Za-z0-9._-]}
         * @return this builder
         */
        public Builder threadNamePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!THREAD_PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException(
                        "threadNamePrefix must be 1-32 characters of [A-Za-z0-9._-], got '"
                                + prefix
                                + "'");
            }
            this.threadNamePrefix = prefix;
            return this;
        }

        /**
         * @param daemon whether platform workers are daemon threads (virtual threads always are)
         * @return this builder
         */
        public Builder daemonThreads(boolean daemon) {
            this.daemonThreads = daemon;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if the {@link Lane#SHARED} lane is not a {@link
         *     LaneKind#PLATFORM} lane
         */
        public SchedulerConfig build() {
            if (shared().kind() != LaneKind.PLATFORM) {
                throw new IllegalArgumentException(
                        "lane 'shared' must be a PLATFORM lane (it is the work-stealing pool), got "
                                + shared().kind());
            }
            return new SchedulerConfig(this);
        }
    }
}
