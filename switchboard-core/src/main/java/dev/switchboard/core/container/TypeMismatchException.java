package dev.switchboard.core.container;

import dev.switchboard.core.SwitchboardException;

/** A typed getter found a value of another type under its key. */
public final class TypeMismatchException extends SwitchboardException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final ValueType expected;
    private final ValueType actual;

    /**
     * @param key the key that was read
     * @param expected the type the caller asked for
     * @param actual the type found
     */
    public TypeMismatchException(String key, ValueType expected, ValueType actual) {
        super("key '" + key + "': expected " + expected + " but the value is " + actual);
        this.key = key;
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * @return the key that was read
     */
    public String key() {
        return key;
    }

    /**
     * @return the type the caller asked for
     */
    public ValueType expected() {
        return expected;
    }

    /**
     * @return the type found
     */
    public ValueType actual() {
        return actual;
    }
}
