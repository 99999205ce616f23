package dev.switchboard.database;

/** The kinds of call a {@link DatabaseMetrics} recorder hears about. */
public enum DatabaseOperation {
    /** {@code query}, {@code queryOne}, {@code queryOptional} (cache misses only). */
    QUERY,
    /** {@code update}. */
    UPDATE,
    /** {@code batch}. */
    BATCH,
    /** A {@code stream}, timed from opening to closing. */
    STREAM,
    /** A top-level transaction, timed per attempt. */
    TRANSACTION,
    /** {@code withConnection}. */
    CONNECTION
}
