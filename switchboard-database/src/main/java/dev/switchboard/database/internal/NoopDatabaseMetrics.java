package dev.switchboard.database.internal;

import dev.switchboard.database.DatabaseMetrics;
import dev.switchboard.database.DatabaseOperation;

/** The recorder that ignores everything. Stateless; thread-safe. */
public enum NoopDatabaseMetrics implements DatabaseMetrics {
    /** The only instance. */
    INSTANCE;

    @Override
    public void callCompleted(DatabaseOperation operation, long nanos) {}

    @Override
    public void callFailed(DatabaseOperation operation, long nanos, Throwable error) {}

    @Override
    public void transactionRetried(int attempt, String sqlState, long backoffNanos) {}

    @Override
    public void cacheLookup(boolean hit) {}

    @Override
    public void connectionWait(long waitNanos, boolean acquired) {}
}
