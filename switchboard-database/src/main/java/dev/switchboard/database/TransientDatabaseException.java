package dev.switchboard.database;

import dev.switchboard.core.RetriableException;

/**
 * A database failure that may succeed when the whole unit of work is tried again: a serialization
 * failure ({@code 40001}), a deadlock ({@code 40P01}), a lost or refused connection ({@code 08xxx})
 * or a pool that had no free connection in time ({@link PoolTimeoutException}).
 *
 * <p>Retry the whole transaction, never one statement of it: after such a failure PostgreSQL has
 * aborted the transaction. {@link Database#inTransaction(TxOptions, TxWork)} does that for you
 * under its {@link RetryPolicy}.
 */
public class TransientDatabaseException extends RetriableException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    /**
     * @param message what went wrong, with the values needed to diagnose it
     * @param sqlState the five-character SQLState reported by the driver, or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public TransientDatabaseException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /**
     * @return the SQLState reported by the driver, or {@code null} when there was none (a pool
     *     timeout)
     */
    public String sqlState() {
        return sqlState;
    }
}
