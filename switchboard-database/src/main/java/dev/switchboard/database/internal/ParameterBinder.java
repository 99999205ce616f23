package dev.switchboard.database.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.database.DatabaseException;
import dev.switchboard.database.Dialect;
import dev.switchboard.database.Param;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * Binds Java values to statement parameters by type, as tabled in {@link Param}. Refuses types it
 * does not know rather than letting the driver guess. Stateless apart from its settings;
 * thread-safe.
 */
final class ParameterBinder {
    private final Dialect dialect;
    private final ObjectMapper mapper;

    ParameterBinder(Dialect dialect, ObjectMapper mapper) {
        this.dialect = dialect;
        this.mapper = mapper;
    }

    void bindAll(Connection c, PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            bind(c, ps, i + 1, params[i]);
        }
    }

    void bind(Connection c, PreparedStatement ps, int index, Object value) throws SQLException {
        switch (value) {
            case null -> ps.setNull(index, Types.NULL);
            case String s -> ps.setString(index, s);
            case Long l -> ps.setLong(index, l);
            case Integer n -> ps.setInt(index, n);
            case Short s -> ps.setShort(index, s);
            case Byte b -> ps.setShort(index, b);
            case Double d -> ps.setDouble(index, d);
            case Float f -> ps.setFloat(index, f);
            case Boolean b -> ps.setBoolean(index, b);
            case BigDecimal d -> ps.setBigDecimal(index, d);
            case BigInteger b -> ps.setBigDecimal(index, new BigDecimal(b));
            case byte[] bytes -> ps.setBytes(index, bytes);
            case UUID u -> {
                if (dialect == Dialect.POSTGRESQL) {
                    ps.setObject(index, u);
                } else {
                    ps.setString(index, u.toString());
                }
            }
            case Instant t -> bindInstant(ps, index, t);
            case OffsetDateTime t -> {
                if (dialect == Dialect.POSTGRESQL) {
                    ps.setObject(index, t);
                } else {
                    bindInstant(ps, index, t.toInstant());
                }
            }
            case ZonedDateTime t -> bind(c, ps, index, t.toOffsetDateTime());
            case LocalDate d -> ps.setObject(index, d);
            case LocalTime t -> ps.setObject(index, t);
            case LocalDateTime t -> ps.setObject(index, t);
            case OffsetTime t -> ps.setObject(index, t);
            case JsonNode node -> bindJson(ps, index, node.toString());
            case Enum<?> e -> bindEnum(ps, index, e);
            case String[] a -> bindArray(c, ps, index, "text", a);
            case Long[] a -> bindArray(c, ps, index, "bigint", a);
            case Integer[] a -> bindArray(c, ps, index, "integer", a);
            case UUID[] a -> bindArray(c, ps, index, "uuid", a);
            case long[] a ->
                    bindArray(c, ps, index, "bigint", java.util.Arrays.stream(a).boxed().toArray());
            case int[] a ->
                    bindArray(
                            c, ps, index, "integer", java.util.Arrays.stream(a).boxed().toArray());
            case Param.Typed t -> {
                if (t.value() == null) {
                    ps.setNull(index, t.type().getVendorTypeNumber());
                } else {
                    ps.setObject(index, t.value(), t.type().getVendorTypeNumber());
                }
            }
            case Param.Json j -> bindJson(ps, index, jsonText(j));
            case Param.Array a -> bindArray(c, ps, index, a.elementType(), a.elements());
            default ->
                    throw new DatabaseException(
                            "parameter "
                                    + index
                                    + " has type "
                                    + value.getClass().getName()
                                    + ", which has no SQL mapping; convert it, or wrap it in"
                                    + " Param.json(..) or Param.of(value, JDBCType)");
        }
    }

    private void bindInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            ps.setObject(index, t.atOffset(ZoneOffset.UTC));
        } else {
            ps.setTimestamp(index, Timestamp.from(t));
        }
    }

    private void bindEnum(PreparedStatement ps, int index, Enum<?> e) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            // Unspecified type: the server takes it as text or as the column's enum type.
            ps.setObject(index, e.name(), Types.OTHER);
        } else {
            ps.setString(index, e.name());
        }
    }

    private void bindJson(PreparedStatement ps, int index, String json) throws SQLException {
        if (json == null) {
            ps.setNull(index, dialect == Dialect.POSTGRESQL ? Types.OTHER : Types.VARCHAR);
        } else if (dialect == Dialect.POSTGRESQL) {
            // Types.OTHER sends the text untyped, so it fits json and jsonb columns alike.
            ps.setObject(index, json, Types.OTHER);
        } else {
            ps.setString(index, json);
        }
    }

    private String jsonText(Param.Json j) {
        if (j.value() == null) {
            return null;
        }
        if (j.raw()) {
            return (String) j.value();
        }
        try {
            return mapper.writeValueAsString(j.value());
        } catch (JsonProcessingException e) {
            throw new DatabaseException(
                    "cannot write "
                            + j.value().getClass().getName()
                            + " as JSON: "
                            + e.getOriginalMessage(),
                    null,
                    e);
        }
    }

    private void bindArray(
            Connection c, PreparedStatement ps, int index, String elementType, Object[] elements)
            throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            throw new DatabaseException(
                    "parameter " + index + " is an array, which " + dialect + " does not support");
        }
        if (elements == null) {
            ps.setNull(index, Types.ARRAY);
            return;
        }
        ps.setArray(index, c.createArrayOf(elementType, elements));
    }
}
