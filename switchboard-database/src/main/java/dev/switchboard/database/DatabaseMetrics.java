package dev.switchboard.database;

/**
 * Receives a {@link Database}'s events, to count them or feed a metrics library (a Micrometer
 * adapter maps each method to a counter or timer), in the style of the scheduler's {@code
 * dev.switchboard.concurrent.MetricsRecorder}. Pool gauges (active, idle, waiting) are not pushed:
 * read them from {@link Database#poolStats()} when a gauge is scraped.
 *
 * <p>Implementations must be thread-safe and fast: methods are called from every thread that uses
 * the database, after the call they describe, and must not block or throw. With {@link #noop()} the
 * database still reads the clock once per call.
 */
public interface DatabaseMetrics {

    /**
     * A call returned normally. Called on the calling thread.
     *
     * @param operation what kind of call
     * @param nanos how long it took, including the wait for a connection, by the database's clock
     */
    void callCompleted(DatabaseOperation operation, long nanos);

    /**
     * A call threw. Called on the calling thread.
     *
     * @param operation what kind of call
     * @param nanos how long it took until it failed
     * @param error what it threw (already translated to a Switchboard exception when it came from
     *     the driver)
     */
    void callFailed(DatabaseOperation operation, long nanos, Throwable error);

    /**
     * A transaction failed transiently and will run again after {@code backoffNanos}.
     *
     * @param attempt the attempt that failed, from 1
     * @param sqlState the SQLState of the failure
     * @param backoffNanos the wait before the next attempt
     */
    void transactionRetried(int attempt, String sqlState, long backoffNanos);

    /**
     * A cached query was looked up.
     *
     * @param hit whether a valid entry was found
     */
    void cacheLookup(boolean hit);

    /**
     * A caller waited for a pooled connection.
     *
     * @param waitNanos how long the wait took
     * @param acquired false when the wait ended in a {@link PoolTimeoutException}
     */
    void connectionWait(long waitNanos, boolean acquired);

    /**
     * @return a recorder that ignores everything; the default
     */
    static DatabaseMetrics noop() {
        return dev.switchboard.database.internal.NoopDatabaseMetrics.INSTANCE;
    }
}
