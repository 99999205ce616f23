package dev.switchboard.database.internal;

import dev.switchboard.database.DatabaseOperation;
import dev.switchboard.database.RowMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazily read result, as a {@link Stream} over a cursor: the driver fetches {@code fetchSize}
 * rows per round trip (pgjdbc needs autocommit off for that, so on a pooled session the stream runs
 * in its own transaction). Closing the stream closes the result set and the statement, ends the
 * transaction (commit, or rollback if reading failed), restores the timeout and gives the
 * connection back.
 *
 * <p>Not thread-safe: one consumer thread, as for any sequential stream.
 *
 * @param <T> the row type
 */
final class ResultStream<T> extends Spliterators.AbstractSpliterator<T> {
    private final SqlView view;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet resultSet;
    private final ResultSetRow row;
    private final RowMapper<T> mapper;
    private final String sql;
    private final Duration effectiveTimeout;
    private final boolean ownTransaction;
    private final boolean timeoutOverridden;
    private final long startNanos;
    private boolean failed;
    private boolean closed;

    private ResultStream(
            SqlView view,
            Connection connection,
            PreparedStatement statement,
            ResultSet resultSet,
            RowMapper<T> mapper,
            String sql,
            Duration effectiveTimeout,
            boolean ownTransaction,
            boolean timeoutOverridden,
            long startNanos) {
        super(Long.MAX_VALUE, Spliterator.ORDERED);
        this.view = view;
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        this.row = new ResultSetRow(resultSet, view.ctx.dialect, view.ctx.config.objectMapper());
        this.mapper = mapper;
        this.sql = sql;
        this.effectiveTimeout = effectiveTimeout;
        this.ownTransaction = ownTransaction;
        this.timeoutOverridden = timeoutOverridden;
        this.startNanos = startNanos;
    }

    static <T> Stream<T> open(
            SqlView view, String sql, RowMapper<T> mapper, Object[] params, Duration override) {
        DbContext ctx = view.ctx;
        long t0 = ctx.clock.nanoTime();
        Duration effective = Timeouts.effective(ctx, override);
        Connection c;
        try {
            c = view.session.acquire();
        } catch (RuntimeException e) {
            ctx.metrics.callFailed(DatabaseOperation.STREAM, ctx.clock.nanoTime() - t0, e);
            throw e;
        }
        boolean own = view.session.autocommit();
        boolean overridden = false;
        PreparedStatement ps = null;
        try {
            overridden = Timeouts.apply(ctx, c, override);
            if (own) {
                c.setAutoCommit(false);
            }
            ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(ctx.config.fetchSize());
            Timeouts.perStatement(ctx, ps, effective);
            ctx.binder.bindAll(c, ps, params);
            ResultSet rs = ps.executeQuery();
            ResultStream<T> s =
                    new ResultStream<>(
                            view, c, ps, rs, mapper, sql, effective, own, overridden, t0);
            return StreamSupport.stream(s, false).onClose(s::close);
        } catch (SQLException | RuntimeException e) {
            RuntimeException out =
                    e instanceof SQLException se
                            ? SqlErrors.translate(ctx.poolName, se, sql, effective)
                            : (RuntimeException) e;
            view.session.failed(SqlErrors.sqlStateOf(e));
            closeQuietly(ps, out);
            if (own) {
                endTransaction(c, false, out);
            }
            if (overridden) {
                Timeouts.reset(ctx, c, own, out);
            }
            view.session.release(c);
            ctx.metrics.callFailed(DatabaseOperation.STREAM, ctx.clock.nanoTime() - t0, out);
            throw out;
        }
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        if (closed) {
            throw new IllegalStateException(
                    "stream over '" + SqlErrors.shorten(sql) + "' is closed");
        }
        try {
            if (!resultSet.next()) {
                return false;
            }
        } catch (SQLException e) {
            failed = true;
            view.session.failed(e.getSQLState());
            throw SqlErrors.translate(view.ctx.poolName, e, sql, effectiveTimeout);
        }
        T value;
        try {
            value = mapper.map(row);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
        action.accept(value);
        return true;
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        DbContext ctx = view.ctx;
        RuntimeException problem = null;
        try {
            resultSet.close();
            statement.close();
        } catch (SQLException e) {
            failed = true;
            problem = SqlErrors.translate(ctx.poolName, e, sql, effectiveTimeout);
        }
        if (ownTransaction) {
            RuntimeException end = endTransaction(connection, !failed, problem);
            problem = problem != null ? problem : end;
        }
        if (timeoutOverridden) {
            Timeouts.reset(ctx, connection, ownTransaction, problem);
        }
        view.session.release(connection);
        long nanos = ctx.clock.nanoTime() - startNanos;
        if (failed || problem != null) {
            ctx.metrics.callFailed(
                    DatabaseOperation.STREAM,
                    nanos,
                    problem != null ? problem : new IllegalStateException("stream read failed"));
        } else {
            ctx.metrics.callCompleted(DatabaseOperation.STREAM, nanos);
        }
        if (problem != null) {
            throw problem;
        }
    }

    /**
     * Commits or rolls back the stream's own transaction and turns autocommit back on.
     *
     * @return a commit failure to report, or {@code null}
     */
    private static RuntimeException endTransaction(
            Connection c, boolean commit, Throwable pending) {
        RuntimeException out = null;
        try {
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        } catch (SQLException e) {
            if (commit) {
                out =
                        new dev.switchboard.database.DatabaseException(
                                "stream transaction failed to commit", e.getSQLState(), e);
            } else if (pending != null) {
                pending.addSuppressed(e);
            }
        }
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            if (pending != null) {
                pending.addSuppressed(e);
            }
        }
        return out;
    }

    private static void closeQuietly(PreparedStatement ps, Throwable pending) {
        if (ps == null) {
            return;
        }
        try {
            ps.close();
        } catch (SQLException e) {
            pending.addSuppressed(e);
        }
    }
}
