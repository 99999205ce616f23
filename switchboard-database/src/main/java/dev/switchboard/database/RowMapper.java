package dev.switchboard.database;

import dev.switchboard.database.internal.RecordRowMapper;

/**
 * Turns the current row of a result into a value. Called once per row, on the thread running the
 * query (or consuming the stream); the {@link Row} is valid only during the call.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface RowMapper<T> {

    /**
     * @param row the current row
     * @return the value; {@code null} is allowed only for {@link Sql#query} and {@link
     *     Sql#queryOne}
     */
    T map(Row row);

    /**
     * A mapper that builds a record through its canonical constructor, taking each component from
     * the column of the same name, in {@code camelCase} or {@code snake_case} ({@code createdAt}
     * reads {@code created_at}). Primitive components refuse {@code NULL}; other components take it
     * as {@code null}. Component types must be ones {@link Row#get(String, Class)} supports.
     *
     * <p>The record class must be accessible to this module (exported or opened, or on the class
     * path). The returned mapper is thread-safe and may be kept in a constant.
     *
     * @param <R> the record type
     * @param type the record class
     * @return a mapper for it
     * @throws IllegalArgumentException if {@code type} is not a record
     */
    static <R extends Record> RowMapper<R> forRecord(Class<R> type) {
        return new RecordRowMapper<>(type);
    }

    /**
     * @param <T> the column's Java type
     * @param type the Java type of the first column
     * @return a mapper that reads the first column, refusing {@code NULL}
     */
    static <T> RowMapper<T> firstColumn(Class<T> type) {
        return row -> row.get(1, type);
    }
}
