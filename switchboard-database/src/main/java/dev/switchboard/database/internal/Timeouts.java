package dev.switchboard.database.internal;

import dev.switchboard.database.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Statement timeouts per dialect.
 *
 * <p>PostgreSQL: the default is the server's {@code statement_timeout}, set once per connection at
 * start-up (the {@code options} driver property), so it costs nothing per statement and the server
 * enforces it even if the client stalls. A per-call override runs {@code SET statement_timeout}
 * before the statement and {@code RESET statement_timeout} (back to the start-up value) after it:
 * two extra round trips, only for overridden calls. Inside a transaction a failed statement leaves
 * the RESET to fail too; the rollback (to the transaction's start or to a savepoint) then undoes
 * the SET, as PostgreSQL rolls back settings with the transaction.
 *
 * <p>MariaDB: {@code Statement.setQueryTimeout}, whole seconds rounded up, on every statement.
 *
 * <p>Stateless; thread-safe.
 */
final class Timeouts {
    private Timeouts() {}

    static Duration effective(DbContext ctx, Duration override) {
        return override != null ? override : ctx.defaultTimeout;
    }

    /**
     * @return whether a session setting was changed and must be {@link #reset reset}
     */
    static boolean apply(DbContext ctx, Connection c, Duration override) throws SQLException {
        if (ctx.dialect != Dialect.POSTGRESQL
                || override == null
                || override.equals(ctx.defaultTimeout)) {
            return false;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + override.toMillis());
        }
        return true;
    }

    /**
     * Undoes {@link #apply}. In autocommit mode a failed reset retires the connection, which would
     * otherwise keep the override.
     */
    static void reset(DbContext ctx, Connection c, boolean autocommit, Throwable pending) {
        try (Statement s = c.createStatement()) {
            s.execute("RESET statement_timeout");
        } catch (SQLException e) {
            if (autocommit) {
                ctx.evict(c);
            }
            if (pending != null) {
                pending.addSuppressed(e);
            }
        }
    }

    static void perStatement(DbContext ctx, PreparedStatement ps, Duration effective)
            throws SQLException {
        if (ctx.dialect != Dialect.POSTGRESQL && !effective.isZero()) {
            long ms = effective.toMillis();
            ps.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (ms + 999) / 1000)));
        }
    }
}
