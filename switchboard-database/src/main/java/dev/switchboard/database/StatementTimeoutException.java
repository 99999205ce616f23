package dev.switchboard.database;

import java.time.Duration;

/**
 * A statement ran longer than its statement timeout (the configured default or a per-call {@link
 * Sql#withStatementTimeout(Duration)}) and the database cancelled it ({@code 57014}). Not
 * transient: the same statement will most likely time out again.
 */
public final class StatementTimeoutException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * @param timeout the timeout that applied
     * @param sql the statement, possibly shortened
     * @param cause the driver's exception
     */
    public StatementTimeoutException(Duration timeout, String sql, Throwable cause) {
        super(
                "statement cancelled after its timeout of "
                        + timeout.toMillis()
                        + " ms: "
                        + sql
                        + " (raise statementTimeout in DatabaseConfig or per call with"
                        + " withStatementTimeout)",
                "57014",
                cause);
        this.timeout = timeout;
    }

    /**
     * @return the statement timeout that applied
     */
    public Duration timeout() {
        return timeout;
    }
}
