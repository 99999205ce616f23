package dev.switchboard.database.internal;

import dev.switchboard.database.DatabaseException;
import dev.switchboard.database.DatabaseOperation;
import dev.switchboard.database.RowMapper;
import dev.switchboard.database.Sql;
import dev.switchboard.database.UnexpectedRowCountException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The statement engine behind {@link Sql}: borrows a connection from its {@link Session}, applies
 * the statement timeout, binds, runs, maps, reports writes for cache invalidation, translates
 * errors and records metrics. A view carries per-call options (a timeout override, cache tags) and
 * is immutable; it is as thread-safe as its session.
 */
class SqlView implements Sql {
    final DbContext ctx;
    final Session session;
    private final Duration timeout;
    private final List<String> cacheTags;

    SqlView(DbContext ctx, Session session, Duration timeout, List<String> cacheTags) {
        this.ctx = ctx;
        this.session = session;
        this.timeout = timeout;
        this.cacheTags = cacheTags;
    }

    @Override
    public Sql withStatementTimeout(Duration t) {
        Objects.requireNonNull(t, "timeout");
        if (t.isNegative()) {
            throw new IllegalArgumentException("statement timeout must not be negative, got " + t);
        }
        return new SqlView(ctx, session, t, cacheTags);
    }

    SqlView withCacheTags(List<String> tags) {
        return new SqlView(ctx, session, timeout, tags);
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return rows(sql, mapper, params, 0);
    }

    @Override
    public <T> T queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = rows(sql, mapper, params, 2);
        if (rows.size() != 1) {
            throw new UnexpectedRowCountException("exactly 1", rows.size(), SqlErrors.shorten(sql));
        }
        return rows.get(0);
    }

    @Override
    public <T> Optional<T> queryOptional(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = rows(sql, mapper, params, 2);
        if (rows.size() > 1) {
            throw new UnexpectedRowCountException("at most 1", rows.size(), SqlErrors.shorten(sql));
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        T row = rows.get(0);
        if (row == null) {
            throw new DatabaseException(
                    "the row mapper returned null in queryOptional: " + SqlErrors.shorten(sql));
        }
        return Optional.of(row);
    }

    private <T> List<T> rows(String sql, RowMapper<T> mapper, Object[] params, int maxRows) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(mapper, "mapper");
        Supplier<List<T>> load =
                () ->
                        timed(
                                DatabaseOperation.QUERY,
                                () -> run(sql, params, (c, ps) -> read(ps, mapper, maxRows)));
        if (cacheTags == null) {
            return load.get();
        }
        QueryCache.Key key = new QueryCache.Key(sql, params.clone(), mapper, maxRows);
        return ctx.cache.get(key, cacheTags, load);
    }

    private <T> List<T> read(PreparedStatement ps, RowMapper<T> mapper, int maxRows)
            throws SQLException {
        if (maxRows > 0) {
            ps.setMaxRows(maxRows);
        }
        try (ResultSet rs = ps.executeQuery()) {
            ResultSetRow row = new ResultSetRow(rs, ctx.dialect, ctx.config.objectMapper());
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(row));
            }
            return Collections.unmodifiableList(out);
        }
    }

    @Override
    public int update(String sql, Object... params) {
        Objects.requireNonNull(sql, "sql");
        return timed(
                DatabaseOperation.UPDATE, () -> run(sql, params, (c, ps) -> ps.executeUpdate()));
    }

    @Override
    public int[] batch(String sql, List<Object[]> rows) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(rows, "rows");
        if (rows.isEmpty()) {
            return new int[0];
        }
        return timed(
                DatabaseOperation.BATCH,
                () -> run(sql, new Object[0], (c, ps) -> executeBatch(c, ps, rows)));
    }

    @Override
    public <T> int[] batch(String sql, Collection<T> items, Function<? super T, Object[]> params) {
        Objects.requireNonNull(params, "params");
        List<Object[]> rows = new ArrayList<>(items.size());
        for (T item : items) {
            rows.add(params.apply(item));
        }
        return batch(sql, rows);
    }

    private int[] executeBatch(Connection c, PreparedStatement ps, List<Object[]> rows)
            throws SQLException {
        for (Object[] row : rows) {
            ctx.binder.bindAll(c, ps, row);
            ps.addBatch();
        }
        if (!session.autocommit()) {
            return ps.executeBatch();
        }
        // On its own connection the batch gets its own transaction: all rows or none.
        c.setAutoCommit(false);
        try {
            int[] counts = ps.executeBatch();
            c.commit();
            return counts;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    @Override
    public <T> Stream<T> stream(String sql, RowMapper<T> mapper, Object... params) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(mapper, "mapper");
        return ResultStream.open(this, sql, mapper, params, timeout);
    }

    /** Runs one statement on a connection from the session. */
    <R> R run(String sql, Object[] params, StatementBody<R> body) {
        Duration effective = Timeouts.effective(ctx, timeout);
        Connection c = session.acquire();
        try {
            R result = runOn(c, sql, params, effective, body);
            Set<String> written = WriteTables.of(sql);
            if (!written.isEmpty()) {
                session.written(written);
            }
            return result;
        } catch (SQLException e) {
            session.failed(e.getSQLState());
            throw SqlErrors.translate(ctx.poolName, e, sql, effective);
        } catch (RuntimeException e) {
            session.failed(SqlErrors.sqlStateOf(e));
            throw e;
        } finally {
            session.release(c);
        }
    }

    private <R> R runOn(
            Connection c, String sql, Object[] params, Duration effective, StatementBody<R> body)
            throws SQLException {
        boolean overridden = Timeouts.apply(ctx, c, timeout);
        Throwable failure = null;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Timeouts.perStatement(ctx, ps, effective);
            ctx.binder.bindAll(c, ps, params);
            return body.run(c, ps);
        } catch (SQLException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (overridden) {
                Timeouts.reset(ctx, c, session.autocommit(), failure);
            }
        }
    }

    <R> R timed(DatabaseOperation op, Supplier<R> call) {
        long t0 = ctx.clock.nanoTime();
        try {
            R r = call.get();
            ctx.metrics.callCompleted(op, ctx.clock.nanoTime() - t0);
            return r;
        } catch (RuntimeException | Error e) {
            ctx.metrics.callFailed(op, ctx.clock.nanoTime() - t0, e);
            throw e;
        }
    }

    Duration timeoutOverride() {
        return timeout;
    }
}
