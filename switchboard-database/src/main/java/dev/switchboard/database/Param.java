package dev.switchboard.database;

import java.sql.JDBCType;
import java.util.Collection;
import java.util.Objects;

/**
 * A statement parameter that says how to bind itself, for the cases plain Java values cannot
 * express: a {@code NULL} of a given SQL type, JSON, and arrays. Every other parameter is a plain
 * value bound by its Java type:
 *
 * <table>
 * <caption>Java → SQL</caption>
 * <tr><th>Java</th><th>PostgreSQL</th><th>bound with</th></tr>
 * <tr><td>{@code null}</td><td>NULL of unspecified type (the server infers it)</td><td>setNull(NULL)</td></tr>
 * <tr><td>String</td><td>text, varchar</td><td>setString</td></tr>
 * <tr><td>Long, Integer, Short, Byte</td><td>bigint, integer, smallint</td><td>setLong/Int/Short</td></tr>
 * <tr><td>Double, Float</td><td>double precision, real</td><td>setDouble/Float</td></tr>
 * <tr><td>BigDecimal, BigInteger</td><td>numeric</td><td>setBigDecimal</td></tr>
 * <tr><td>Boolean</td><td>boolean</td><td>setBoolean</td></tr>
 * <tr><td>byte[]</td><td>bytea</td><td>setBytes</td></tr>
 * <tr><td>UUID</td><td>uuid</td><td>setObject (MariaDB: setString)</td></tr>
 * <tr><td>Instant, OffsetDateTime, ZonedDateTime</td><td>timestamptz</td><td>setObject(OffsetDateTime)</td></tr>
 * <tr><td>LocalDate, LocalTime, LocalDateTime, OffsetTime</td><td>date, time, timestamp, timetz</td><td>setObject</td></tr>
 * <tr><td>JsonNode</td><td>jsonb / json</td><td>as {@link #json(Object)}</td></tr>
 * <tr><td>String[], Long[], long[], Integer[], int[], UUID[]</td><td>text[], bigint[], integer[], uuid[]</td><td>createArrayOf</td></tr>
 * <tr><td>Enum</td><td>text, or a PostgreSQL enum</td><td>its name</td></tr>
 * </table>
 *
 * <p>Any other type is refused with a {@link DatabaseException} naming the parameter position and
 * the type, rather than handed to the driver to guess. Instances are immutable.
 */
public sealed interface Param {

    /**
     * A {@code NULL} of a known SQL type, for statements where the server cannot infer the type
     * ({@code SELECT ?}, overloaded functions) or for MariaDB columns that need it.
     *
     * @param type the SQL type
     * @return the parameter
     */
    static Param nullOf(JDBCType type) {
        return new Typed(null, type);
    }

    /**
     * A value bound with an explicit SQL type through {@code setObject(index, value, type)}.
     *
     * @param value the value; {@code null} for {@code NULL}
     * @param type the SQL type
     * @return the parameter
     */
    static Param of(Object value, JDBCType type) {
        return new Typed(value, type);
    }

    /**
     * A JSON value: a {@link com.fasterxml.jackson.databind.JsonNode}, or any object the database's
     * {@link com.fasterxml.jackson.databind.ObjectMapper} can write. Bound for a {@code json} or
     * {@code jsonb} column on PostgreSQL, as text on MariaDB.
     *
     * @param value the value; {@code null} for SQL {@code NULL}
     * @return the parameter
     */
    static Param json(Object value) {
        return new Json(value, false);
    }

    /**
     * A JSON document given as text, sent as it is (the database parses it).
     *
     * @param json the JSON text; {@code null} for SQL {@code NULL}
     * @return the parameter
     */
    static Param jsonText(String json) {
        return new Json(json, true);
    }

    /**
     * A PostgreSQL array.
     *
     * @param elementType the SQL element type name, for example {@code "text"}, {@code "bigint"},
     *     {@code "uuid"}, {@code "integer"}
     * @param elements the elements (may contain {@code null}); {@code null} for SQL {@code NULL}
     * @return the parameter
     */
    static Param array(String elementType, Collection<?> elements) {
        return new Array(elementType, elements == null ? null : elements.toArray());
    }

    /**
     * A value with an explicit SQL type.
     *
     * @param value the value, or {@code null}
     * @param type the SQL type
     */
    record Typed(Object value, JDBCType type) implements Param {
        /**
         * @throws NullPointerException if {@code type} is null
         */
        public Typed {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A JSON value.
     *
     * @param value a JsonNode, any mappable object, JSON text (when {@code raw}), or {@code null}
     * @param raw whether {@code value} is JSON text to send unchanged
     */
    record Json(Object value, boolean raw) implements Param {}

    /**
     * A PostgreSQL array.
     *
     * @param elementType the SQL element type name
     * @param elements the elements, or {@code null} for SQL {@code NULL}
     */
    record Array(String elementType, Object[] elements) implements Param {
        /**
         * @throws NullPointerException if {@code elementType} is null
         */
        public Array {
            Objects.requireNonNull(elementType, "elementType");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Array a
                    && a.elementType.equals(elementType)
                    && java.util.Arrays.deepEquals(a.elements, elements);
        }

        @Override
        public int hashCode() {
            return elementType.hashCode() * 31 + java.util.Arrays.deepHashCode(elements);
        }

        @Override
        public String toString() {
            return "Array[" + elementType + ", " + java.util.Arrays.deepToString(elements) + "]";
        }
    }
}
