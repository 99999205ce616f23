package dev.switchboard.database;

/**
 * A column read with a non-null getter such as {@link Row#getLong(String)} held SQL {@code NULL}.
 * Switchboard never turns {@code NULL} into {@code 0} or {@code false}: read the column with the
 * {@code ...OrNull} or {@code getOptional} variant when it may be {@code NULL}.
 */
public final class UnexpectedNullException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    /**
     * @param column the column's label
     * @param type the Java type asked for
     */
    public UnexpectedNullException(String column, Class<?> type) {
        super(
                "column '"
                        + column
                        + "' is NULL but was read as non-null "
                        + type.getSimpleName()
                        + "; use the ...OrNull or getOptional variant for nullable columns");
    }
}
