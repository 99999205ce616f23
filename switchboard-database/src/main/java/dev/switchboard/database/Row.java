package dev.switchboard.database;

import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/**
 * The current row of a result, with typed getters that never guess about {@code NULL}: {@code
 * getX(column)} throws {@link UnexpectedNullException} when the column is {@code NULL} (a {@code
 * NULL} bigint is never read as {@code 0}); {@code getXOrNull(column)} returns {@code null}; {@link
 * #getOptional(String, Class)} returns an {@link Optional}.
 *
 * <p>Columns are named by label, case-insensitively (the first column of that label wins), or by
 * position from 1. A getter for a type the column cannot convert to throws {@link
 * DatabaseException} naming the column. The Java ↔ SQL mapping is listed in {@link Param} and in
 * {@code docs/DATABASE.md}.
 *
 * <p>Not thread-safe; valid only during the {@link RowMapper#map(Row)} call it was given to.
 */
public interface Row {

    /**
     * Reads text, varchar, char.
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    String getString(String column);

    /**
     * Reads text, varchar, char, or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    String getStringOrNull(String column);

    /**
     * Reads bigint (and smaller integers).
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    long getLong(String column);

    /**
     * Reads bigint (and smaller integers), or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    Long getLongOrNull(String column);

    /**
     * Reads integer (and smallint).
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    int getInt(String column);

    /**
     * Reads integer (and smallint), or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    Integer getIntOrNull(String column);

    /**
     * Reads smallint.
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    short getShort(String column);

    /**
     * Reads smallint, or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    Short getShortOrNull(String column);

    /**
     * Reads double precision (and real).
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    double getDouble(String column);

    /**
     * Reads double precision (and real), or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    Double getDoubleOrNull(String column);

    /**
     * Reads real.
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    float getFloat(String column);

    /**
     * Reads real, or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    Float getFloatOrNull(String column);

    /**
     * Reads boolean.
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    boolean getBoolean(String column);

    /**
     * Reads boolean, or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    Boolean getBooleanOrNull(String column);

    /**
     * Reads numeric, decimal.
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.math.BigDecimal getBigDecimal(String column);

    /**
     * Reads numeric, decimal, or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.math.BigDecimal getBigDecimalOrNull(String column);

    /**
     * Reads bytea (PostgreSQL), BLOB/VARBINARY (MariaDB).
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    byte[] getBytes(String column);

    /**
     * Reads bytea (PostgreSQL), BLOB/VARBINARY (MariaDB), or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    byte[] getBytesOrNull(String column);

    /**
     * Reads uuid (PostgreSQL), UUID or CHAR(36) (MariaDB).
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.util.UUID getUuid(String column);

    /**
     * Reads uuid (PostgreSQL), UUID or CHAR(36) (MariaDB), or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.util.UUID getUuidOrNull(String column);

    /**
     * Reads timestamptz (PostgreSQL), TIMESTAMP (MariaDB).
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.Instant getInstant(String column);

    /**
     * Reads timestamptz (PostgreSQL), TIMESTAMP (MariaDB), or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.Instant getInstantOrNull(String column);

    /**
     * Reads timestamptz, in UTC on PostgreSQL.
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.OffsetDateTime getOffsetDateTime(String column);

    /**
     * Reads timestamptz, in UTC on PostgreSQL, or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.OffsetDateTime getOffsetDateTimeOrNull(String column);

    /**
     * Reads date.
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.LocalDate getLocalDate(String column);

    /**
     * Reads date, or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.LocalDate getLocalDateOrNull(String column);

    /**
     * Reads time.
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.LocalTime getLocalTime(String column);

    /**
     * Reads time, or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.LocalTime getLocalTimeOrNull(String column);

    /**
     * Reads timestamp (without time zone), DATETIME.
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.LocalDateTime getLocalDateTime(String column);

    /**
     * Reads timestamp (without time zone), DATETIME, or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    java.time.LocalDateTime getLocalDateTimeOrNull(String column);

    /**
     * Reads json, jsonb (PostgreSQL), JSON (MariaDB).
     *
     * @param column the column label
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    com.fasterxml.jackson.databind.JsonNode getJson(String column);

    /**
     * Reads json, jsonb (PostgreSQL), JSON (MariaDB), or {@code NULL}.
     *
     * @param column the column label
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    com.fasterxml.jackson.databind.JsonNode getJsonOrNull(String column);

    /**
     * Reads a JSON column into a Java type with the database's {@link
     * com.fasterxml.jackson.databind.ObjectMapper}.
     *
     * @param <T> the Java type
     * @param column the column label
     * @param type the Java type
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or the JSON does not map
     */
    <T> T getJson(String column, Class<T> type);

    /**
     * Reads a JSON column into a Java type, or {@code NULL}.
     *
     * @param <T> the Java type
     * @param column the column label
     * @param type the Java type
     * @return the value, or {@code null} for SQL {@code NULL} (JSON {@code null} maps as Jackson
     *     maps it)
     * @throws DatabaseException if there is no such column or the JSON does not map
     */
    <T> T getJsonOrNull(String column, Class<T> type);

    /**
     * Reads a PostgreSQL array ({@code text[]}, {@code bigint[]}, {@code integer[]}, {@code
     * uuid[]}, ...) as a list. Elements may be {@code null} when the array holds {@code NULL}s.
     *
     * @param <E> the element type
     * @param column the column label
     * @param elementType the Java element type, for example {@code Long.class} for {@code bigint[]}
     * @return an unmodifiable list
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or the elements do not convert
     */
    <E> List<E> getList(String column, Class<E> elementType);

    /**
     * Reads a PostgreSQL array as a list, or {@code NULL}.
     *
     * @param <E> the element type
     * @param column the column label
     * @param elementType the Java element type
     * @return an unmodifiable list, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or the elements do not convert
     */
    <E> List<E> getListOrNull(String column, Class<E> elementType);

    /**
     * Reads a column as any supported type: the types of the typed getters above (boxed), plus
     * {@code BigInteger}, {@code OffsetTime}, {@code ZonedDateTime} and enums (by name).
     *
     * @param <T> the Java type
     * @param column the column label
     * @param type the Java type
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    <T> T get(String column, Class<T> type);

    /**
     * @param <T> the Java type
     * @param column the column label
     * @param type the Java type
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    <T> T getOrNull(String column, Class<T> type);

    /**
     * @param <T> the Java type
     * @param column the column label
     * @param type the Java type
     * @return the value, or empty for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    <T> Optional<T> getOptional(String column, Class<T> type);

    /**
     * @param <T> the Java type
     * @param index the column position, from 1
     * @param type the Java type
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    <T> T get(int index, Class<T> type);

    /**
     * @param <T> the Java type
     * @param index the column position, from 1
     * @param type the Java type
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    <T> T getOrNull(int index, Class<T> type);

    /**
     * @param index the column position, from 1
     * @return the value, for {@code SELECT count(*)} and friends
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    long getLong(int index);

    /**
     * @param index the column position, from 1
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    int getInt(int index);

    /**
     * @param index the column position, from 1
     * @return the value
     * @throws UnexpectedNullException if the column is {@code NULL}
     * @throws DatabaseException if there is no such column or it does not convert
     */
    String getString(int index);

    /**
     * @param column the column label
     * @return whether the column is SQL {@code NULL}
     * @throws DatabaseException if there is no such column
     */
    boolean isNull(String column);

    /**
     * @return the number of columns
     */
    int columnCount();

    /**
     * @param index the column position, from 1
     * @return the column's label
     * @throws DatabaseException if there is no such column
     */
    String columnLabel(int index);

    /**
     * The underlying result set, for what the getters do not cover. Read the current row only: do
     * not move the cursor or close it.
     *
     * @return the result set
     */
    ResultSet resultSet();
}
