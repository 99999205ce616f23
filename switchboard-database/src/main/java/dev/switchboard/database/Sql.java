package dev.switchboard.database;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs SQL statements: on pooled connections when it is a {@link Database} (each call borrows a
 * connection and returns it), or on the transaction's connection when it is a {@link Transaction}.
 *
 * <p>Parameters are bound by position to {@code ?} placeholders, by Java type: see {@link Param}
 * for the mapping and for typed {@code NULL}s, JSON and arrays. Results are mapped one row at a
 * time by a {@link RowMapper}.
 *
 * <p>Failures are translated: {@link TransientDatabaseException} for serialization failures,
 * deadlocks and lost connections; {@link PoolTimeoutException} when no connection was free in time;
 * {@link StatementTimeoutException} when a statement ran past its timeout; {@link
 * DatabaseException} for everything else. Each message names the statement (shortened, never the
 * parameter values) and the SQLState.
 *
 * <p>Thread-safety: a {@code Database} and its views are thread-safe. A {@code Transaction} belongs
 * to the thread running its work and must not be shared.
 */
public interface Sql {

    /**
     * Runs a query and maps every row.
     *
     * @param <T> the row type
     * @param sql the statement with {@code ?} placeholders
     * @param mapper maps the current row; called once per row on the calling thread
     * @param params the parameter values, in placeholder order
     * @return the mapped rows, in result order; unmodifiable
     * @throws DatabaseException or a subclass, if the statement fails or a row does not map
     * @throws TransientDatabaseException if the failure is transient
     */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params);

    /**
     * Runs a query that must return exactly one row.
     *
     * @param <T> the row type
     * @param sql the statement
     * @param mapper maps the row
     * @param params the parameter values
     * @return the mapped row; {@code null} only if the mapper returned {@code null}
     * @throws UnexpectedRowCountException if there were no rows or more than one
     * @throws DatabaseException if the statement fails
     */
    <T> T queryOne(String sql, RowMapper<T> mapper, Object... params);

    /**
     * Runs a query that returns at most one row.
     *
     * @param <T> the row type
     * @param sql the statement
     * @param mapper maps the row; it must not return {@code null}
     * @param params the parameter values
     * @return the mapped row, or empty if there was none
     * @throws UnexpectedRowCountException if there was more than one row
     * @throws DatabaseException if the statement fails
     */
    <T> Optional<T> queryOptional(String sql, RowMapper<T> mapper, Object... params);

    /**
     * Runs an INSERT, UPDATE, DELETE, DDL or other statement without a result set. On a {@link
     * Database}, the tables it writes (INSERT INTO, UPDATE, DELETE FROM, TRUNCATE, MERGE INTO,
     * ALTER/DROP TABLE) are invalidated in the query cache after it ran.
     *
     * @param sql the statement
     * @param params the parameter values
     * @return the number of rows changed (0 for DDL)
     * @throws DatabaseException if the statement fails
     */
    int update(String sql, Object... params);

    /**
     * Runs one statement once per parameter row, sent to the database as one batch. On a {@link
     * Database} the batch runs in its own transaction, so it is applied entirely or not at all.
     *
     * <p>With {@link DatabaseConfig#rewriteBatchedInserts()} (the default) pgjdbc sends a batch of
     * INSERTs as multi-row INSERTs; the counts it reports for them are then {@link
     * java.sql.Statement#SUCCESS_NO_INFO} ({@code -2}).
     *
     * @param sql the statement
     * @param rows one array of parameter values per execution; an empty list does nothing
     * @return the update count of each execution, in order
     * @throws DatabaseException if an execution fails (the batch is then rolled back)
     */
    int[] batch(String sql, List<Object[]> rows);

    /**
     * Runs one statement once per item, the parameters taken from each item.
     *
     * @param <T> the item type
     * @param sql the statement
     * @param items the items; an empty collection does nothing
     * @param params turns an item into its parameter values
     * @return the update count of each execution, in order (see {@link #batch(String, List)})
     * @throws DatabaseException if an execution fails (the batch is then rolled back)
     */
    <T> int[] batch(String sql, Collection<T> items, Function<? super T, Object[]> params);

    /**
     * Runs a query and returns its rows lazily, fetched from a server-side cursor {@link
     * DatabaseConfig#fetchSize()} rows at a time, so memory stays constant whatever the size of the
     * result.
     *
     * <p><b>The stream must be closed</b> (use try-with-resources): it holds a connection, a
     * statement and a cursor until then. Closing it early is fine; on a {@link Database} the
     * stream's own transaction then commits (it rolls back if reading failed). On PostgreSQL the
     * cursor needs a transaction, so on a {@link Database} the stream borrows a connection and
     * turns autocommit off until it is closed; inside a {@link Transaction} it uses the
     * transaction.
     *
     * <pre>{@code
     * try (Stream<Event> events = db.stream("SELECT * FROM events", Event::fromRow)) {
     *     events.forEach(sink::accept);
     * }
     * }</pre>
     *
     * @param <T> the row type
     * @param sql the statement
     * @param mapper maps each row, on the thread that consumes the stream
     * @param params the parameter values
     * @return a sequential stream, to be consumed by one thread and closed
     * @throws DatabaseException if the statement fails to start; failures while reading surface
     *     from the stream's terminal operation
     */
    <T> Stream<T> stream(String sql, RowMapper<T> mapper, Object... params);

    /**
     * A view of this object whose statements use another statement timeout.
     *
     * @param timeout the timeout; zero for none
     * @return a view sharing this object's connections, cache and transaction
     * @throws IllegalArgumentException if the timeout is negative
     */
    Sql withStatementTimeout(Duration timeout);
}
