package dev.switchboard.database;

/**
 * A query meant to return exactly one row ({@link Sql#queryOne}) or at most one ({@link
 * Sql#queryOptional}) returned another number.
 */
public final class UnexpectedRowCountException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final long actual;

    /**
     * @param expected what was expected, in words ("exactly 1", "at most 1")
     * @param actual how many rows came back (a lower bound when more than expected: reading stops
     *     at the second row)
     * @param sql the statement, possibly shortened
     */
    public UnexpectedRowCountException(String expected, long actual, String sql) {
        super(
                "expected "
                        + expected
                        + " row, got "
                        + (actual > 1 ? "more than 1" : Long.toString(actual))
                        + ": "
                        + sql);
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * @return what was expected, in words
     */
    public String expected() {
        return expected;
    }

    /**
     * @return how many rows were seen (2 means "more than one")
     */
    public long actual() {
        return actual;
    }
}
