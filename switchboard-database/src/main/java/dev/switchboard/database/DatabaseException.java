package dev.switchboard.database;

import dev.switchboard.core.SwitchboardException;

/**
 * A database failure that will not go away by trying again: bad SQL, a constraint violation, a type
 * that does not map, a row count or NULL the caller did not expect. Transient failures
 * (serialization conflicts, deadlocks, lost connections, pool timeouts) are {@link
 * TransientDatabaseException}s instead, so code that retries {@link
 * dev.switchboard.core.RetriableException}s across Switchboard retries them too.
 */
public class DatabaseException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    /**
     * @param message what went wrong, with the values needed to diagnose it
     */
    public DatabaseException(String message) {
        this(message, null, null);
    }

    /**
     * @param message what went wrong, with the values needed to diagnose it
     * @param sqlState the five-character SQLState reported by the driver, or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public DatabaseException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /**
     * @return the SQLState reported by the driver (for example {@code 23505} for a unique
     *     violation), or {@code null} when the failure did not come from the database
     */
    public String sqlState() {
        return sqlState;
    }
}
