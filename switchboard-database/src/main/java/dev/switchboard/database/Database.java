package dev.switchboard.database;

import dev.switchboard.database.internal.PooledDatabase;

/**
 * A pooled connection to PostgreSQL (or MariaDB/MySQL) with typed parameter binding, row mappers,
 * transactions with savepoints, retry of transient failures, streaming, a tagged query cache, async
 * calls on virtual threads and health checks. Built on HikariCP and the JDBC driver; no ORM.
 *
 * <pre>{@code
 * try (Database db = Database.create(DatabaseConfig.builder(url).user("app").build())) {
 *     db.update("INSERT INTO users(id, name) VALUES (?, ?)", id, "Ada");
 *     User u = db.queryOne("SELECT id, name FROM users WHERE id = ?", User::fromRow, id);
 *     long n = db.inTransaction(tx -> {
 *         tx.update("UPDATE accounts SET balance = balance - ? WHERE id = ?", 10, a);
 *         return (long) tx.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", 10, b);
 *     });
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance serves the whole application. Calls block the calling thread (fine
 * on virtual threads: nothing here pins a carrier); {@link #async()} offers the same calls as
 * {@link java.util.concurrent.CompletableFuture}s.
 */
public interface Database extends Sql, AutoCloseable {

    /**
     * Opens the pool. Fails at once if the database cannot be reached.
     *
     * @param config the configuration
     * @return the database; close it when done
     * @throws TransientDatabaseException if the first connection cannot be opened
     * @throws DatabaseException if the configuration is refused by the pool or driver
     */
    static Database create(DatabaseConfig config) {
        return PooledDatabase.open(config);
    }

    /**
     * A view whose queries go through the query cache, tagged with the tables they read. A cached
     * result is served until its TTL passes, it is evicted for size, or one of its tables is
     * written through this database (an {@code update} or {@code batch}, or a transaction after it
     * commits) or {@link #invalidate(String...) invalidated}. Writes made by other processes are
     * not seen until the TTL passes.
     *
     * <p>Cache keys are the SQL, the parameter values and the mapper instance: pass the same mapper
     * object each time (a method reference or a constant), not a new capturing lambda. Cached
     * results are shared between callers, so map rows to immutable values. {@code stream} on the
     * view is not cached.
     *
     * @param tables the tables the queries read, at least one (compared case-insensitively, without
     *     schema)
     * @return a view sharing this database's pool and cache
     * @throws IllegalArgumentException if no table is given
     */
    Sql cached(String... tables);

    /**
     * Runs work in a transaction with the {@link TxOptions#defaults() default options}: commits if
     * it returns, rolls back if it throws, and retries it under {@link
     * DatabaseConfig#retryPolicy()} if it fails transiently. The work may therefore run more than
     * once: keep side effects outside the database out of it.
     *
     * @param <T> the result type
     * @param work the work; return {@code null} if there is nothing to return
     * @return what the work returned
     * @throws RetriesExhaustedException if every allowed attempt failed transiently
     * @throws RuntimeException whatever the work threw, after the rollback
     */
    <T> T inTransaction(TxWork<T> work);

    /**
     * Runs work in a transaction with the given isolation, access mode and retry policy.
     *
     * @param <T> the result type
     * @param options isolation, read-only, retry policy
     * @param work the work
     * @return what the work returned
     * @throws RetriesExhaustedException if every allowed attempt failed transiently
     * @throws RuntimeException whatever the work threw, after the rollback
     * @see #inTransaction(TxWork)
     */
    <T> T inTransaction(TxOptions options, TxWork<T> work);

    /**
     * Lends a pooled connection to code that needs plain JDBC (COPY, driver-specific API). The
     * connection goes back to the pool when the work returns; do not close it or keep it. Writes
     * made through it do not invalidate the cache: call {@link #invalidate(String...)}.
     *
     * @param <T> the result type
     * @param work the work
     * @return what the work returned
     * @throws DatabaseException if the work throws a {@link java.sql.SQLException}
     */
    <T> T withConnection(ConnectionWork<T> work);

    /**
     * Drops every cached result that read one of these tables.
     *
     * @param tables table names, compared case-insensitively, without schema
     */
    void invalidate(String... tables);

    /** Drops every cached result. */
    void invalidateAll();

    /**
     * @return the same calls, run on virtual threads and returning futures
     */
    AsyncDatabase async();

    /**
     * Borrows a connection and runs the validation query within {@link
     * DatabaseConfig#healthTimeout()}. Never throws: a failure is a {@link Health.Status#DOWN} with
     * the reason.
     *
     * @return the status, the latency and the pool's state
     */
    Health health();

    /**
     * @return the pool's state now; cheap, for gauges
     */
    PoolStats poolStats();

    /**
     * @return the dialect detected from the JDBC URL
     */
    Dialect dialect();

    /**
     * @return the configuration this database was created with
     */
    DatabaseConfig config();

    /**
     * Stops accepting async calls, waits for the ones admitted to finish, and closes the pool
     * (connections still lent out are closed as they come back). Idempotent.
     */
    @Override
    void close();
}
