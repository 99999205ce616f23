package dev.switchboard.database.internal;

import dev.switchboard.database.DatabaseException;
import dev.switchboard.database.DatabaseOperation;
import dev.switchboard.database.Isolation;
import dev.switchboard.database.RetriesExhaustedException;
import dev.switchboard.database.RetryPolicy;
import dev.switchboard.database.SqlStates;
import dev.switchboard.database.TransientDatabaseException;
import dev.switchboard.database.TxOptions;
import dev.switchboard.database.TxWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs top-level transactions: borrow a connection, set isolation and access mode, turn autocommit
 * off, run the work, commit (or roll back), invalidate the tables written, and give the connection
 * back (HikariCP restores autocommit, isolation and read-only on return). Around that, the retry
 * loop: a failure whose SQLState the {@link RetryPolicy} accepts re-runs the whole work after a
 * jittered backoff, up to the policy's attempts; then {@link RetriesExhaustedException}. Retries
 * happen only here, never around a single statement or a savepoint.
 *
 * <p>Thread-safe; each call is confined to its calling thread.
 */
final class TransactionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);

    private final DbContext ctx;

    TransactionRunner(DbContext ctx) {
        this.ctx = ctx;
    }

    <T> T run(TxOptions options, TxWork<T> work) {
        RetryPolicy policy = options.retry() != null ? options.retry() : ctx.config.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            long t0 = ctx.clock.nanoTime();
            TxState[] state = new TxState[1];
            try {
                T result = runOnce(options, work, state);
                ctx.metrics.callCompleted(DatabaseOperation.TRANSACTION, ctx.clock.nanoTime() - t0);
                return result;
            } catch (RuntimeException | Error e) {
                ctx.metrics.callFailed(DatabaseOperation.TRANSACTION, ctx.clock.nanoTime() - t0, e);
                String sqlState = retryState(e, state[0]);
                if (!(e instanceof RuntimeException re) || !policy.retries(sqlState)) {
                    throw e;
                }
                if (attempt >= policy.maxAttempts()) {
                    throw policy.maxAttempts() == 1
                            ? re
                            : new RetriesExhaustedException(attempt, sqlState, e);
                }
                Duration backoff = policy.backoff(attempt, ThreadLocalRandom.current());
                ctx.metrics.transactionRetried(attempt, sqlState, backoff.toNanos());
                LOG.debug(
                        "[{}] transaction attempt {} failed with SQLState {}, retrying in {} ms",
                        ctx.poolName,
                        attempt,
                        sqlState,
                        backoff.toMillis());
                sleep(backoff, e);
            }
        }
    }

    private <T> T runOnce(TxOptions options, TxWork<T> work, TxState[] stateOut) {
        Connection c = ctx.borrow();
        TxState state = new TxState(c);
        stateOut[0] = state;
        JdbcTransaction tx = new JdbcTransaction(ctx, state, 0);
        try {
            begin(c, options);
            T result;
            try {
                result = work.run(tx);
            } finally {
                tx.end();
            }
            commit(c, state);
            if (!state.written.isEmpty()) {
                ctx.cache.invalidate(state.written);
            }
            return result;
        } catch (RuntimeException | Error e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            ctx.giveBack(c);
        }
    }

    private void begin(Connection c, TxOptions options) {
        try {
            if (options.isolation() != Isolation.DEFAULT) {
                c.setTransactionIsolation(options.isolation().jdbcLevel());
            }
            if (options.readOnly()) {
                c.setReadOnly(true);
            }
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw SqlErrors.translate(ctx.poolName, e, "BEGIN", Duration.ZERO);
        }
    }

    private void commit(Connection c, TxState state) {
        try {
            c.commit();
        } catch (SQLException e) {
            RuntimeException t = SqlErrors.translate(ctx.poolName, e, "COMMIT", Duration.ZERO);
            if (state.transientSqlState != null
                    && SqlStates.IN_FAILED_TRANSACTION.equals(SqlErrors.sqlStateOf(t))) {
                // The work swallowed a transient failure and carried on; the attempt is still
                // retryable, under the SQLState that doomed it.
                throw new TransientDatabaseException(
                        "["
                                + ctx.poolName
                                + "] commit refused: the transaction had failed earlier with"
                                + " SQLState "
                                + state.transientSqlState,
                        state.transientSqlState,
                        t);
            }
            throw t;
        }
    }

    private static void rollbackQuietly(Connection c, Throwable pending) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            pending.addSuppressed(e);
        }
    }

    private static String retryState(Throwable e, TxState state) {
        String s = SqlErrors.sqlStateOf(e);
        if (SqlStates.IN_FAILED_TRANSACTION.equals(s)
                && state != null
                && state.transientSqlState != null) {
            return state.transientSqlState;
        }
        return s;
    }

    private void sleep(Duration backoff, Throwable failure) {
        if (backoff.isZero()) {
            return;
        }
        try {
            ctx.config.sleeper().sleep(backoff);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            DatabaseException d =
                    new DatabaseException(
                            "["
                                    + ctx.poolName
                                    + "] interrupted while waiting to retry a transaction",
                            SqlErrors.sqlStateOf(failure),
                            failure);
            throw d;
        }
    }
}
