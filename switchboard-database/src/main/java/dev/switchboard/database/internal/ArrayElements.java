package dev.switchboard.database.internal;

import dev.switchboard.database.DatabaseException;
import java.math.BigDecimal;
import java.util.UUID;

/** Converts the elements of a JDBC array to the element type asked for. Stateless. */
final class ArrayElements {
    private ArrayElements() {}

    static <E> E convert(Object o, Class<E> type) {
        if (o == null || type.isInstance(o)) {
            return type.cast(o);
        }
        Object v;
        if (o instanceof Number n) {
            if (type == Long.class) {
                v = n.longValue();
            } else if (type == Integer.class) {
                v = Math.toIntExact(n.longValue());
            } else if (type == Short.class) {
                v = (short) Math.toIntExact(n.longValue());
            } else if (type == Double.class) {
                v = n.doubleValue();
            } else if (type == Float.class) {
                v = n.floatValue();
            } else if (type == BigDecimal.class) {
                v = new BigDecimal(n.toString());
            } else {
                v = null;
            }
        } else if (o instanceof String s && type == UUID.class) {
            v = UUID.fromString(s);
        } else if (type == String.class) {
            v = o.toString();
        } else {
            v = null;
        }
        if (v == null) {
            throw new DatabaseException(
                    "array element of type "
                            + o.getClass().getSimpleName()
                            + " does not convert to "
                            + type.getSimpleName());
        }
        return type.cast(v);
    }
}
