package dev.switchboard.database.internal;

import dev.switchboard.database.DatabaseException;
import dev.switchboard.database.Row;
import dev.switchboard.database.RowMapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;

/**
 * Maps a row to a record through its canonical constructor, one column per component, found by the
 * component's name or its snake_case form. Immutable; thread-safe.
 *
 * @param <R> the record type
 */
public final class RecordRowMapper<R extends Record> implements RowMapper<R> {
    private final Class<R> type;
    private final Constructor<R> constructor;
    private final String[] names;
    private final String[] snakeNames;
    private final Class<?>[] types;

    /**
     * @param type the record class
     * @throws IllegalArgumentException if it is not a record or its constructor is not accessible
     */
    public RecordRowMapper(Class<R> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        this.type = type;
        RecordComponent[] comps = type.getRecordComponents();
        names = new String[comps.length];
        snakeNames = new String[comps.length];
        types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            names[i] = comps[i].getName();
            snakeNames[i] = snake(names[i]);
            types[i] = comps[i].getType();
        }
        try {
            constructor = type.getDeclaredConstructor(types);
            constructor.trySetAccessible();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no canonical constructor in " + type.getName(), e);
        }
    }

    @Override
    public R map(Row row) {
        Object[] args = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            String column = column(row, i);
            args[i] =
                    types[i].isPrimitive()
                            ? row.get(column, types[i])
                            : row.getOrNull(column, types[i]);
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new DatabaseException(
                    "constructor of " + type.getName() + " failed", null, cause);
        } catch (ReflectiveOperationException e) {
            throw new DatabaseException(
                    "cannot call the constructor of "
                            + type.getName()
                            + " (is its package exported or opened to dev.switchboard.database?)",
                    null,
                    e);
        }
    }

    private String column(Row row, int i) {
        // Prefer the exact name; fall back to snake_case. Both are case-insensitive look-ups.
        for (int c = 1; c <= row.columnCount(); c++) {
            if (row.columnLabel(c).equalsIgnoreCase(names[i])) {
                return names[i];
            }
        }
        return snakeNames[i];
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
