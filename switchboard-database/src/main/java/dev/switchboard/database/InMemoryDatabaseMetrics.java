package dev.switchboard.database;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link DatabaseMetrics} that keeps counts in memory, in total and per {@link
 * DatabaseOperation}, for tests, the dashboard and simple deployments. Thread-safe; each event
 * costs a few {@link LongAdder} updates.
 */
public final class InMemoryDatabaseMetrics implements DatabaseMetrics {
    private final Counters total = new Counters();
    private final Map<DatabaseOperation, Counters> byOperation =
            new EnumMap<>(DatabaseOperation.class);
    private final LongAdder retries = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final LongAdder poolTimeouts = new LongAdder();
    private final LongAccumulator maxWait = new LongAccumulator(Math::max, 0);

    /** Creates a recorder with every count at zero. */
    public InMemoryDatabaseMetrics() {
        // Filled once here and only read afterwards, so the EnumMap needs no locking.
        for (DatabaseOperation op : DatabaseOperation.values()) {
            byOperation.put(op, new Counters());
        }
    }

    @Override
    public void callCompleted(DatabaseOperation operation, long nanos) {
        total.finished(total.completed, nanos);
        Counters c = byOperation.get(operation);
        c.finished(c.completed, nanos);
    }

    @Override
    public void callFailed(DatabaseOperation operation, long nanos, Throwable error) {
        total.finished(total.failed, nanos);
        Counters c = byOperation.get(operation);
        c.finished(c.failed, nanos);
    }

    @Override
    public void transactionRetried(int attempt, String sqlState, long backoffNanos) {
        retries.increment();
    }

    @Override
    public void cacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    @Override
    public void connectionWait(long waitNanos, boolean acquired) {
        maxWait.accumulate(waitNanos);
        if (!acquired) {
            poolTimeouts.increment();
        }
    }

    /**
     * @return the counts over all operations, with the retry, cache and pool counts
     */
    public DatabaseMetricsSnapshot snapshot() {
        return total.snapshot(this);
    }

    /**
     * @param operation an operation
     * @return the call counts of that operation, with the database-wide retry, cache and pool
     *     counts
     */
    public DatabaseMetricsSnapshot snapshot(DatabaseOperation operation) {
        return byOperation.get(operation).snapshot(this);
    }

    private static final class Counters {
        final LongAdder completed = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder time = new LongAdder();
        final LongAccumulator maxTime = new LongAccumulator(Math::max, 0);

        void finished(LongAdder outcome, long nanos) {
            outcome.increment();
            time.add(nanos);
            maxTime.accumulate(nanos);
        }

        DatabaseMetricsSnapshot snapshot(InMemoryDatabaseMetrics m) {
            return new DatabaseMetricsSnapshot(
                    completed.sum(),
                    failed.sum(),
                    time.sum(),
                    maxTime.get(),
                    m.retries.sum(),
                    m.cacheHits.sum(),
                    m.cacheMisses.sum(),
                    m.poolTimeouts.sum(),
                    m.maxWait.get());
        }
    }
}
