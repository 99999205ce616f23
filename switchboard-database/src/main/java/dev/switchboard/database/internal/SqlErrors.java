package dev.switchboard.database.internal;

import dev.switchboard.database.DatabaseException;
import dev.switchboard.database.SqlStates;
import dev.switchboard.database.StatementTimeoutException;
import dev.switchboard.database.TransientDatabaseException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;

/**
 * Turns driver exceptions into Switchboard's: transient SQLStates into {@link
 * TransientDatabaseException}, statement timeouts into {@link StatementTimeoutException}, the rest
 * into {@link DatabaseException}. Messages name the pool, the SQLState and the statement
 * (shortened, never with parameter values). Stateless; thread-safe.
 */
final class SqlErrors {
    private static final int MAX_SQL_CHARS = 200;

    private SqlErrors() {}

    /**
     * @param poolName the pool, for the message
     * @param e the driver's exception
     * @param sql the statement, or {@code null}
     * @param timeout the statement timeout that applied; zero for none
     * @return the exception to throw
     */
    static RuntimeException translate(
            String poolName, SQLException e, String sql, Duration timeout) {
        SQLException best = mostSpecific(e);
        String state = best.getSQLState();
        String shortSql = sql == null ? "" : shorten(sql);
        boolean timedOut =
                best instanceof SQLTimeoutException
                        || e instanceof SQLTimeoutException
                        || (SqlStates.QUERY_CANCELED.equals(state) && !timeout.isZero());
        if (timedOut && !timeout.isZero()) {
            return new StatementTimeoutException(timeout, shortSql, e);
        }
        String message =
                "["
                        + poolName
                        + "] SQLState "
                        + state
                        + " ("
                        + SqlStates.describe(state)
                        + ")"
                        + (sql == null ? "" : " in '" + shortSql + "'")
                        + ": "
                        + best.getMessage();
        if (SqlStates.isTransient(state)) {
            return new TransientDatabaseException(message, state, e);
        }
        return new DatabaseException(message, state, e);
    }

    /**
     * @param t any exception
     * @return the SQLState it carries (a Switchboard exception's, or the first in its cause chain),
     *     or {@code null}
     */
    static String sqlStateOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DatabaseException d && d.sqlState() != null) {
                return d.sqlState();
            }
            if (c instanceof TransientDatabaseException d && d.sqlState() != null) {
                return d.sqlState();
            }
            if (c instanceof SQLException s && s.getSQLState() != null) {
                return mostSpecific(s).getSQLState();
            }
        }
        return null;
    }

    /** A batch failure hides the statement's own error behind getNextException. */
    private static SQLException mostSpecific(SQLException e) {
        SQLException next = e.getNextException();
        if (next != null && next.getSQLState() != null) {
            return next;
        }
        return e;
    }

    static String shorten(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() <= MAX_SQL_CHARS ? s : s.substring(0, MAX_SQL_CHARS) + "...";
    }
}
