package dev.switchboard.database.internal;

import dev.switchboard.database.RowMapper;
import dev.switchboard.database.Sql;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The {@link Sql} operations of a database or transaction, forwarded to the {@link SqlView} that
 * runs them (on pooled connections, or on the transaction's connection).
 */
abstract class DelegatingSql implements Sql {
    /**
     * @return the view that runs the statements
     */
    abstract Sql sql();

    @Override
    public <T> List<T> query(String s, RowMapper<T> mapper, Object... params) {
        return sql().query(s, mapper, params);
    }

    @Override
    public <T> T queryOne(String s, RowMapper<T> mapper, Object... params) {
        return sql().queryOne(s, mapper, params);
    }

    @Override
    public <T> Optional<T> queryOptional(String s, RowMapper<T> mapper, Object... params) {
        return sql().queryOptional(s, mapper, params);
    }

    @Override
    public int update(String s, Object... params) {
        return sql().update(s, params);
    }

    @Override
    public int[] batch(String s, List<Object[]> rows) {
        return sql().batch(s, rows);
    }

    @Override
    public <T> int[] batch(String s, Collection<T> items, Function<? super T, Object[]> params) {
        return sql().batch(s, items, params);
    }

    @Override
    public <T> Stream<T> stream(String s, RowMapper<T> mapper, Object... params) {
        return sql().stream(s, mapper, params);
    }

    @Override
    public Sql withStatementTimeout(Duration timeout) {
        return sql().withStatementTimeout(timeout);
    }
}
