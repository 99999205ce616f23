package dev.switchboard.database;

/**
 * A transaction failed with a transient error on every attempt its {@link RetryPolicy} allowed. The
 * message names the number of attempts and the last SQLState; the cause is the last failure. Itself
 * transient: trying the work again later, when the contention is gone, may succeed.
 */
public final class RetriesExhaustedException extends TransientDatabaseException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * @param attempts how many times the transaction ran
     * @param lastSqlState the SQLState of the last failure, or {@code null}
     * @param cause the last failure
     */
    public RetriesExhaustedException(int attempts, String lastSqlState, Throwable cause) {
        super(
                "transaction failed after "
                        + attempts
                        + (attempts == 1 ? " attempt" : " attempts")
                        + "; last SQLState "
                        + lastSqlState
                        + " ("
                        + SqlStates.describe(lastSqlState)
                        + "): "
                        + cause.getMessage(),
                lastSqlState,
                cause);
        this.attempts = attempts;
    }

    /**
     * @return how many times the transaction ran
     */
    public int attempts() {
        return attempts;
    }
}
