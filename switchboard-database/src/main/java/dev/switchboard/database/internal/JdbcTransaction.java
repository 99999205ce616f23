package dev.switchboard.database.internal;

import dev.switchboard.database.Sql;
import dev.switchboard.database.Transaction;
import dev.switchboard.database.TxWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One level of a transaction: the outermost (depth 0) or a savepoint inside it. Statements run on
 * the shared connection through a {@link SqlView} over a session that checks this level is still
 * active. Confined to the thread running the work.
 */
final class JdbcTransaction extends DelegatingSql implements Transaction, Session {
    private final DbContext ctx;
    private final TxState state;
    private final int depth;
    private final SqlView sql;
    private boolean active = true;

    JdbcTransaction(DbContext ctx, TxState state, int depth) {
        this.ctx = ctx;
        this.state = state;
        this.depth = depth;
        this.sql = new SqlView(ctx, this, null, null);
    }

    @Override
    public <T> T inTransaction(TxWork<T> work) {
        Objects.requireNonNull(work, "work");
        checkActive();
        Connection c = state.connection;
        Savepoint savepoint;
        try {
            savepoint = c.setSavepoint();
        } catch (SQLException e) {
            throw SqlErrors.translate(ctx.poolName, e, "SAVEPOINT", Duration.ZERO);
        }
        JdbcTransaction inner = new JdbcTransaction(ctx, state, depth + 1);
        T result;
        try {
            result = work.run(inner);
        } catch (RuntimeException | Error e) {
            try {
                c.rollback(savepoint);
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            inner.active = false;
        }
        try {
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw SqlErrors.translate(ctx.poolName, e, "RELEASE SAVEPOINT", Duration.ZERO);
        }
        return result;
    }

    @Override
    public void writes(String... tables) {
        checkActive();
        for (String t : tables) {
            state.written.add(WriteTables.normalize(t));
        }
    }

    @Override
    public int depth() {
        return depth;
    }

    void end() {
        active = false;
    }

    private void checkActive() {
        if (!active) {
            throw new IllegalStateException(
                    "transaction (depth "
                            + depth
                            + ") on pool '"
                            + ctx.poolName
                            + "' is over: use a Transaction only inside its work");
        }
    }

    // Session: every statement of this level runs on the shared connection.

    @Override
    public Connection acquire() {
        checkActive();
        return state.connection;
    }

    @Override
    public void release(Connection c) {}

    @Override
    public boolean autocommit() {
        return false;
    }

    @Override
    public void written(Set<String> tables) {
        state.written.addAll(tables);
    }

    @Override
    public void failed(String sqlState) {
        state.failed(sqlState);
    }

    @Override
    Sql sql() {
        return sql;
    }
}
