package dev.switchboard.concurrent;

/**
 * Counts taken from an {@link InMemoryMetricsRecorder} at one moment. The counters are each read
 * atomically but not together, so under load the gauges are approximate.
 *
 * @param queued jobs in queues (a gauge)
 * @param running jobs running (a gauge)
 * @param started jobs taken out of a queue to run (a counter)
 * @param completed jobs that returned normally
 * @param failed jobs that threw
 * @param rejected submissions refused
 * @param cancelled queued jobs that left their queue without running
 * @param totalQueueWaitNanos sum of queue wait times of started jobs
 * @param maxQueueWaitNanos longest queue wait
 * @param totalRunNanos sum of run times of finished jobs
 * @param maxRunNanos longest run
 */
public record MetricsSnapshot(
        long queued,
        long running,
        long started,
        long completed,
        long failed,
        long rejected,
        long cancelled,
        long totalQueueWaitNanos,
        long maxQueueWaitNanos,
        long totalRunNanos,
        long maxRunNanos) {

    /** A snapshot where nothing happened. */
    public static final MetricsSnapshot EMPTY =
            new MetricsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * @return mean queue wait of started jobs in nanoseconds, 0 when none started
     */
    public double meanQueueWaitNanos() {
        return started == 0 ? 0 : (double) totalQueueWaitNanos / started;
    }

    /**
     * @return mean run time of finished jobs in nanoseconds, 0 when none finished
     */
    public double meanRunNanos() {
        long finished = completed + failed;
        return finished == 0 ? 0 : (double) totalRunNanos / finished;
    }
}
