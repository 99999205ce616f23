package dev.switchboard.database;

/**
 * Counts taken from an {@link InMemoryDatabaseMetrics} at one moment, in total or for one {@link
 * DatabaseOperation}. Each counter is read atomically, but not all together.
 *
 * @param completed calls that returned normally
 * @param failed calls that threw
 * @param totalNanos sum of the durations of finished calls
 * @param maxNanos longest call
 * @param retries transaction attempts that failed transiently and were retried
 * @param cacheHits cached queries answered from the cache
 * @param cacheMisses cached queries that ran against the database
 * @param poolTimeouts waits for a connection that ended in a {@link PoolTimeoutException}
 * @param maxConnectionWaitNanos longest wait for a connection
 */
public record DatabaseMetricsSnapshot(
        long completed,
        long failed,
        long totalNanos,
        long maxNanos,
        long retries,
        long cacheHits,
        long cacheMisses,
        long poolTimeouts,
        long maxConnectionWaitNanos) {

    /** A snapshot where nothing happened. */
    public static final DatabaseMetricsSnapshot EMPTY =
            new DatabaseMetricsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * @return calls that finished either way
     */
    public long calls() {
        return completed + failed;
    }

    /**
     * @return mean duration of finished calls in nanoseconds, 0 when none finished
     */
    public double meanNanos() {
        long calls = calls();
        return calls == 0 ? 0 : (double) totalNanos / calls;
    }
}
