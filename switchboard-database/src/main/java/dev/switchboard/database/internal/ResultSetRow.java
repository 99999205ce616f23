package dev.switchboard.database.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.database.DatabaseException;
import dev.switchboard.database.Dialect;
import dev.switchboard.database.Row;
import dev.switchboard.database.UnexpectedNullException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link Row} over a JDBC result set. One instance serves every row of one result; column
 * labels are resolved once, from the metadata, case-insensitively. Not thread-safe.
 */
final class ResultSetRow implements Row {
    private final ResultSet rs;
    private final Dialect dialect;
    private final ObjectMapper mapper;
    private Map<String, Integer> columns;
    private String[] labels;

    ResultSetRow(ResultSet rs, Dialect dialect, ObjectMapper mapper) {
        this.rs = rs;
        this.dialect = dialect;
        this.mapper = mapper;
    }

    private void loadColumns() {
        if (columns != null) {
            return;
        }
        try {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            Map<String, Integer> map = new HashMap<>();
            labels = new String[n + 1];
            for (int i = 1; i <= n; i++) {
                labels[i] = md.getColumnLabel(i);
                map.putIfAbsent(labels[i].toLowerCase(Locale.ROOT), i);
            }
            columns = map;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read result metadata", e.getSQLState(), e);
        }
    }

    private int index(String column) {
        loadColumns();
        Integer i = columns.get(column.toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new DatabaseException(
                    "no column '"
                            + column
                            + "' in the result; its columns are "
                            + java.util.Arrays.asList(labels).subList(1, labels.length));
        }
        return i;
    }

    private String label(int index) {
        loadColumns();
        if (index < 1 || index >= labels.length) {
            throw new DatabaseException(
                    "no column " + index + " in the result; it has " + (labels.length - 1));
        }
        return labels[index];
    }

    @Override
    public <T> T getOrNull(int index, Class<T> type) {
        String label = label(index);
        try {
            return read(index, type);
        } catch (SQLException | IOException | RuntimeException e) {
            if (e instanceof DatabaseException d) {
                throw d;
            }
            throw new DatabaseException(
                    "cannot read column '"
                            + label
                            + "' as "
                            + type.getSimpleName()
                            + ": "
                            + e.getMessage(),
                    e instanceof SQLException s ? s.getSQLState() : null,
                    e);
        }
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        T v = getOrNull(index, type);
        if (v == null) {
            throw new UnexpectedNullException(label(index), type);
        }
        return v;
    }

    @Override
    public <T> T getOrNull(String column, Class<T> type) {
        return getOrNull(index(column), type);
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        return get(index(column), type);
    }

    @Override
    public <T> Optional<T> getOptional(String column, Class<T> type) {
        return Optional.ofNullable(getOrNull(column, type));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> T read(int i, Class<T> type) throws SQLException, IOException {
        Object v;
        if (type == String.class) {
            v = rs.getString(i);
        } else if (type == Long.class || type == long.class) {
            long x = rs.getLong(i);
            v = rs.wasNull() ? null : x;
        } else if (type == Integer.class || type == int.class) {
            int x = rs.getInt(i);
            v = rs.wasNull() ? null : x;
        } else if (type == Short.class || type == short.class) {
            short x = rs.getShort(i);
            v = rs.wasNull() ? null : x;
        } else if (type == Double.class || type == double.class) {
            double x = rs.getDouble(i);
            v = rs.wasNull() ? null : x;
        } else if (type == Float.class || type == float.class) {
            float x = rs.getFloat(i);
            v = rs.wasNull() ? null : x;
        } else if (type == Boolean.class || type == boolean.class) {
            boolean x = rs.getBoolean(i);
            v = rs.wasNull() ? null : x;
        } else if (type == BigDecimal.class) {
            v = rs.getBigDecimal(i);
        } else if (type == BigInteger.class) {
            BigDecimal d = rs.getBigDecimal(i);
            v = d == null ? null : d.toBigIntegerExact();
        } else if (type == byte[].class) {
            v = rs.getBytes(i);
        } else if (type == UUID.class) {
            v = readUuid(i);
        } else if (type == Instant.class) {
            OffsetDateTime t = readOffsetDateTime(i);
            v = t == null ? null : t.toInstant();
        } else if (type == OffsetDateTime.class) {
            v = readOffsetDateTime(i);
        } else if (type == ZonedDateTime.class) {
            OffsetDateTime t = readOffsetDateTime(i);
            v = t == null ? null : t.toZonedDateTime();
        } else if (type == LocalDate.class
                || type == LocalTime.class
                || type == LocalDateTime.class
                || type == OffsetTime.class) {
            v = rs.getObject(i, type);
        } else if (JsonNode.class.isAssignableFrom(type)) {
            String s = rs.getString(i);
            v = s == null ? null : mapper.readTree(s);
        } else if (type.isEnum()) {
            String s = rs.getString(i);
            v = s == null ? null : Enum.valueOf((Class) type, s);
        } else if (type == Object.class) {
            v = rs.getObject(i);
        } else {
            throw new DatabaseException(
                    "no conversion to "
                            + type.getName()
                            + " for column '"
                            + label(i)
                            + "'; use getJson, getList, or resultSet()");
        }
        return (T) v;
    }

    private UUID readUuid(int i) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            return rs.getObject(i, UUID.class);
        }
        String s = rs.getString(i);
        return s == null ? null : UUID.fromString(s);
    }

    private OffsetDateTime readOffsetDateTime(int i) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
        }
        Timestamp ts = rs.getTimestamp(i);
        return ts == null ? null : ts.toInstant().atOffset(ZoneOffset.UTC);
    }

    @Override
    public <T> T getJsonOrNull(String column, Class<T> type) {
        int i = index(column);
        try {
            String s = rs.getString(i);
            return s == null ? null : mapper.readValue(s, type);
        } catch (SQLException | IOException e) {
            throw new DatabaseException(
                    "cannot read JSON column '"
                            + column
                            + "' as "
                            + type.getSimpleName()
                            + ": "
                            + e.getMessage(),
                    null,
                    e);
        }
    }

    @Override
    public <T> T getJson(String column, Class<T> type) {
        T v = getJsonOrNull(column, type);
        if (v == null) {
            throw new UnexpectedNullException(column, type);
        }
        return v;
    }

    @Override
    public <E> List<E> getListOrNull(String column, Class<E> elementType) {
        int i = index(column);
        try {
            Array a = rs.getArray(i);
            if (a == null) {
                return null;
            }
            try {
                Object[] raw = (Object[]) a.getArray();
                List<E> out = new ArrayList<>(raw.length);
                for (Object o : raw) {
                    out.add(ArrayElements.convert(o, elementType));
                }
                return Collections.unmodifiableList(out);
            } finally {
                a.free();
            }
        } catch (SQLException | RuntimeException e) {
            if (e instanceof DatabaseException d) {
                throw d;
            }
            throw new DatabaseException(
                    "cannot read array column '"
                            + column
                            + "' as List<"
                            + elementType.getSimpleName()
                            + ">: "
                            + e.getMessage(),
                    e instanceof SQLException s ? s.getSQLState() : null,
                    e);
        }
    }

    @Override
    public <E> List<E> getList(String column, Class<E> elementType) {
        List<E> v = getListOrNull(column, elementType);
        if (v == null) {
            throw new UnexpectedNullException(column, List.class);
        }
        return v;
    }

    @Override
    public boolean isNull(String column) {
        int i = index(column);
        try {
            rs.getObject(i);
            return rs.wasNull();
        } catch (SQLException e) {
            throw new DatabaseException("cannot read column '" + column + "'", e.getSQLState(), e);
        }
    }

    @Override
    public int columnCount() {
        loadColumns();
        return labels.length - 1;
    }

    @Override
    public String columnLabel(int index) {
        return label(index);
    }

    @Override
    public ResultSet resultSet() {
        return rs;
    }

    // Typed getters: each delegates to get / getOrNull with its class.

    @Override
    public String getString(String column) {
        return get(column, String.class);
    }

    @Override
    public String getStringOrNull(String column) {
        return getOrNull(column, String.class);
    }

    @Override
    public long getLong(String column) {
        return get(column, Long.class);
    }

    @Override
    public Long getLongOrNull(String column) {
        return getOrNull(column, Long.class);
    }

    @Override
    public int getInt(String column) {
        return get(column, Integer.class);
    }

    @Override
    public Integer getIntOrNull(String column) {
        return getOrNull(column, Integer.class);
    }

    @Override
    public short getShort(String column) {
        return get(column, Short.class);
    }

    @Override
    public Short getShortOrNull(String column) {
        return getOrNull(column, Short.class);
    }

    @Override
    public double getDouble(String column) {
        return get(column, Double.class);
    }

    @Override
    public Double getDoubleOrNull(String column) {
        return getOrNull(column, Double.class);
    }

    @Override
    public float getFloat(String column) {
        return get(column, Float.class);
    }

    @Override
    public Float getFloatOrNull(String column) {
        return getOrNull(column, Float.class);
    }

    @Override
    public boolean getBoolean(String column) {
        return get(column, Boolean.class);
    }

    @Override
    public Boolean getBooleanOrNull(String column) {
        return getOrNull(column, Boolean.class);
    }

    @Override
    public BigDecimal getBigDecimal(String column) {
        return get(column, BigDecimal.class);
    }

    @Override
    public BigDecimal getBigDecimalOrNull(String column) {
        return getOrNull(column, BigDecimal.class);
    }

    @Override
    public byte[] getBytes(String column) {
        return get(column, byte[].class);
    }

    @Override
    public byte[] getBytesOrNull(String column) {
        return getOrNull(column, byte[].class);
    }

    @Override
    public UUID getUuid(String column) {
        return get(column, UUID.class);
    }

    @Override
    public UUID getUuidOrNull(String column) {
        return getOrNull(column, UUID.class);
    }

    @Override
    public Instant getInstant(String column) {
        return get(column, Instant.class);
    }

    @Override
    public Instant getInstantOrNull(String column) {
        return getOrNull(column, Instant.class);
    }

    @Override
    public OffsetDateTime getOffsetDateTime(String column) {
        return get(column, OffsetDateTime.class);
    }

    @Override
    public OffsetDateTime getOffsetDateTimeOrNull(String column) {
        return getOrNull(column, OffsetDateTime.class);
    }

    @Override
    public LocalDate getLocalDate(String column) {
        return get(column, LocalDate.class);
    }

    @Override
    public LocalDate getLocalDateOrNull(String column) {
        return getOrNull(column, LocalDate.class);
    }

    @Override
    public LocalTime getLocalTime(String column) {
        return get(column, LocalTime.class);
    }

    @Override
    public LocalTime getLocalTimeOrNull(String column) {
        return getOrNull(column, LocalTime.class);
    }

    @Override
    public LocalDateTime getLocalDateTime(String column) {
        return get(column, LocalDateTime.class);
    }

    @Override
    public LocalDateTime getLocalDateTimeOrNull(String column) {
        return getOrNull(column, LocalDateTime.class);
    }

    @Override
    public JsonNode getJson(String column) {
        return get(column, JsonNode.class);
    }

    @Override
    public JsonNode getJsonOrNull(String column) {
        return getOrNull(column, JsonNode.class);
    }

    @Override
    public long getLong(int index) {
        return get(index, Long.class);
    }

    @Override
    public int getInt(int index) {
        return get(index, Integer.class);
    }

    @Override
    public String getString(int index) {
        return get(index, String.class);
    }
}
