package dev.switchboard.concurrent;

import java.util.Objects;

/**
 * How one lane is built: what runs its jobs, how many at once, how much it queues and what happens
 * when its queue is full. Immutable; the {@code with*} methods return validated copies.
 *
 * <p>Queues are per priority level: a queue set is one bounded queue per {@link
 * dev.switchboard.core.message.Priority} level. A {@link LaneKind#PLATFORM} lane gives each worker
 * a queue set for the jobs it submits itself and, with two or more workers, adds {@code s}
 * submission queue sets for every other thread ({@code s} is twice the parallelism rounded up to a
 * power of two: 4 for 2 workers, 8 for 3 or 4), so it holds at most {@code (parallelism + s) × 6 ×
 * queueCapacity} jobs; with one worker there are no submission queues and jobs of one priority run
 * in the order they were queued. A {@link LaneKind#VIRTUAL} lane has one queue set, at most {@code
 * 6 × queueCapacity} jobs. The capacity is rounded up to a power of two. Queues are allocated up
 * front, 4 bytes per slot with compressed references: at the default capacity a queue set takes
 * about 24 KiB, so a 2-worker lane (6 sets) about 144 KiB.
 *
 * @param lane the lane's name
 * @param kind platform workers or virtual threads
 * @param parallelism worker threads ({@code PLATFORM}) or the most jobs running at once ({@code
 *     VIRTUAL}); at least 1
 * @param queueCapacity capacity of each queue, at least 2 (rounded up to a power of two)
 * @param fullQueuePolicy what a submission does when the queue for its priority is full
 */
public record LaneConfig(
        Lane lane,
        LaneKind kind,
        int parallelism,
        int queueCapacity,
        FullQueuePolicy fullQueuePolicy) {

    /** Queue capacity used by the factories: 1024 jobs per priority level and queue. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    /** The largest accepted queue capacity, 2^24. */
    public static final int MAX_QUEUE_CAPACITY = 1 << 24;

    /**
     * @throws IllegalArgumentException if {@code parallelism < 1} or {@code queueCapacity} is
     *     outside {@code [2, MAX_QUEUE_CAPACITY]}
     */
    public LaneConfig {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fullQueuePolicy, "fullQueuePolicy");
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "lane '" + lane + "': parallelism must be at least 1, got " + parallelism);
        }
        if (queueCapacity < 2 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException(
                    "lane '"
                            + lane
                            + "': queueCapacity must be in [2, "
                            + MAX_QUEUE_CAPACITY
                            + "], got "
                            + queueCapacity);
        }
    }

    /**
     * A lane of platform-thread workers with work stealing among them, default capacity, policy
     * {@link FullQueuePolicy.Reject}.
     *
     * @param name the lane's name (see {@link Lane})
     * @param workers number of worker threads, at least 1
     * @return the configuration
     */
    public static LaneConfig platform(String name, int workers) {
        return new LaneConfig(
                Lane.of(name),
                LaneKind.PLATFORM,
                workers,
                DEFAULT_QUEUE_CAPACITY,
                FullQueuePolicy.reject());
    }

    /**
     * A lane that runs each job on a virtual thread, at most {@code maxConcurrency} at once,
     * default capacity, policy {@link FullQueuePolicy.Reject}.
     *
     * @param name the lane's name (see {@link Lane})
     * @param maxConcurrency the most jobs running at once, at least 1
     * @return the configuration
     */
    public static LaneConfig virtual(String name, int maxConcurrency) {
        return new LaneConfig(
                Lane.of(name),
                LaneKind.VIRTUAL,
                maxConcurrency,
                DEFAULT_QUEUE_CAPACITY,
                FullQueuePolicy.reject());
    }

    /**
     * @param value worker threads or concurrency limit, at least 1
     * @return a copy with that parallelism
     */
    public LaneConfig withParallelism(int value) {
        return new LaneConfig(lane, kind, value, queueCapacity, fullQueuePolicy);
    }

    /**
     * @param value capacity of each queue, in {@code [2, MAX_QUEUE_CAPACITY]}
     * @return a copy with that capacity
     */
    public LaneConfig withQueueCapacity(int value) {
        return new LaneConfig(lane, kind, parallelism, value, fullQueuePolicy);
    }

    /**
     * @param value the policy
     * @return a copy with that policy
     */
    public LaneConfig withFullQueuePolicy(FullQueuePolicy value) {
        return new LaneConfig(lane, kind, parallelism, queueCapacity, value);
    }
}
