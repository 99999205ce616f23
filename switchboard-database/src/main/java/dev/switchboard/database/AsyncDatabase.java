package dev.switchboard.database;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The calls of a {@link Database}, each run on a new virtual thread and returning a {@link
 * CompletableFuture}. The futures complete on that virtual thread: keep dependent stages short or
 * move them to an executor of your own.
 *
 * <p><b>Bounded by the pool.</b> A semaphore with one permit per pooled connection admits calls to
 * the pool, so at most {@link DatabaseConfig#maximumPoolSize()} async calls hold or wait for a
 * connection and the rest wait for a permit, in arrival order, without timing out in HikariCP's
 * queue. At most {@link DatabaseConfig#maxPendingAsync()} calls may be admitted or waiting at once;
 * beyond that a call's future fails at once with a {@link TransientDatabaseException} (the
 * backpressure signal). Work passed to {@link #call(Function)} or a transaction should use one
 * connection at a time: a call that borrows a second connection while holding one can exhaust a
 * small pool.
 *
 * <p>Failures complete the future exceptionally with the same exceptions the blocking calls throw.
 * Cancelling a future does not interrupt a running statement. Thread-safe.
 */
public interface AsyncDatabase {

    /**
     * @param <T> the row type
     * @param sql the statement
     * @param mapper maps each row
     * @param params the parameter values
     * @return the rows; see {@link Sql#query}
     */
    <T> CompletableFuture<List<T>> query(String sql, RowMapper<T> mapper, Object... params);

    /**
     * @param <T> the row type
     * @param sql the statement
     * @param mapper maps the row
     * @param params the parameter values
     * @return the single row; see {@link Sql#queryOne}
     */
    <T> CompletableFuture<T> queryOne(String sql, RowMapper<T> mapper, Object... params);

    /**
     * @param <T> the row type
     * @param sql the statement
     * @param mapper maps the row
     * @param params the parameter values
     * @return the row if there was one; see {@link Sql#queryOptional}
     */
    <T> CompletableFuture<Optional<T>> queryOptional(
            String sql, RowMapper<T> mapper, Object... params);

    /**
     * @param sql the statement
     * @param params the parameter values
     * @return the number of rows changed; see {@link Sql#update}
     */
    CompletableFuture<Integer> update(String sql, Object... params);

    /**
     * @param sql the statement
     * @param rows one array of parameter values per execution
     * @return the update counts; see {@link Sql#batch(String, List)}
     */
    CompletableFuture<int[]> batch(String sql, List<Object[]> rows);

    /**
     * @param <T> the item type
     * @param sql the statement
     * @param items the items
     * @param params turns an item into its parameter values
     * @return the update counts; see {@link Sql#batch(String, Collection, Function)}
     */
    <T> CompletableFuture<int[]> batch(
            String sql, Collection<T> items, Function<? super T, Object[]> params);

    /**
     * @param <T> the result type
     * @param work the work
     * @return what the work returned; see {@link Database#inTransaction(TxWork)}
     */
    <T> CompletableFuture<T> inTransaction(TxWork<T> work);

    /**
     * @param <T> the result type
     * @param options isolation, read-only, retry policy
     * @param work the work
     * @return what the work returned; see {@link Database#inTransaction(TxOptions, TxWork)}
     */
    <T> CompletableFuture<T> inTransaction(TxOptions options, TxWork<T> work);

    /**
     * Runs any blocking use of the database (a cached query, a stream consumed to the end, several
     * calls) under one permit.
     *
     * @param <T> the result type
     * @param work the work, given the blocking database
     * @return what the work returned
     */
    <T> CompletableFuture<T> call(Function<? super Database, ? extends T> work);

    /**
     * @return the health check; see {@link Database#health()}
     */
    CompletableFuture<Health> health();
}
