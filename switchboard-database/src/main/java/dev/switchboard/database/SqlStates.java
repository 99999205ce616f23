package dev.switchboard.database;

/**
 * The SQLStates Switchboard treats specially, and a short description of each for error messages.
 * Stateless; thread-safe.
 */
public final class SqlStates {
    /** Serialization failure under REPEATABLE READ or SERIALIZABLE. Transient. */
    public static final String SERIALIZATION_FAILURE = "40001";

    /** Deadlock detected; one of the transactions was chosen as the victim. Transient. */
    public static final String DEADLOCK_DETECTED = "40P01";

    /** Statement cancelled, by a statement timeout or by request. */
    public static final String QUERY_CANCELED = "57014";

    /** A command in a transaction that an earlier error already aborted. */
    public static final String IN_FAILED_TRANSACTION = "25P02";

    private SqlStates() {}

    /**
     * @param sqlState a SQLState, or {@code null}
     * @return whether it marks a failure that a fresh attempt of the whole transaction may not meet
     *     again: serialization failure, deadlock, or a connection exception (class {@code 08})
     */
    public static boolean isTransient(String sqlState) {
        return sqlState != null
                && (sqlState.equals(SERIALIZATION_FAILURE)
                        || sqlState.equals(DEADLOCK_DETECTED)
                        || sqlState.startsWith("08"));
    }

    /**
     * @param sqlState a SQLState, or {@code null}
     * @return a few words naming it, for messages
     */
    public static String describe(String sqlState) {
        if (sqlState == null) {
            return "no SQLState";
        }
        return switch (sqlState) {
            case SERIALIZATION_FAILURE -> "serialization failure";
            case DEADLOCK_DETECTED -> "deadlock detected";
            case QUERY_CANCELED -> "query cancelled";
            case IN_FAILED_TRANSACTION -> "in failed transaction";
            default -> sqlState.startsWith("08") ? "connection exception" : "see database docs";
        };
    }
}
