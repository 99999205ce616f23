package dev.switchboard.database;

import java.util.Objects;

/**
 * How {@link Database#inTransaction(TxOptions, TxWork)} runs a transaction. Immutable; derive
 * variants with the {@code with...} methods.
 *
 * <pre>{@code
 * TxOptions opts = TxOptions.defaults()
 *         .withIsolation(Isolation.SERIALIZABLE)
 *         .withRetry(RetryPolicy.defaults());
 * }</pre>
 *
 * @param isolation the isolation level
 * @param readOnly whether the transaction only reads (PostgreSQL refuses writes in it)
 * @param retry how to retry the whole transaction on a transient failure; {@code null} means the
 *     {@link DatabaseConfig#retryPolicy()} of the database
 */
public record TxOptions(Isolation isolation, boolean readOnly, RetryPolicy retry) {

    /**
     * @throws NullPointerException if {@code isolation} is null
     */
    public TxOptions {
        Objects.requireNonNull(isolation, "isolation");
    }

    /**
     * @return the database's default isolation, read-write, the database's retry policy
     */
    public static TxOptions defaults() {
        return new TxOptions(Isolation.DEFAULT, false, null);
    }

    /**
     * @param level the isolation level
     * @return a copy with that isolation
     */
    public TxOptions withIsolation(Isolation level) {
        return new TxOptions(level, readOnly, retry);
    }

    /**
     * @param value whether the transaction only reads
     * @return a copy with that setting
     */
    public TxOptions withReadOnly(boolean value) {
        return new TxOptions(isolation, value, retry);
    }

    /**
     * @param policy the retry policy for this transaction ({@link RetryPolicy#none()} to run once)
     * @return a copy with that policy
     */
    public TxOptions withRetry(RetryPolicy policy) {
        return new TxOptions(isolation, readOnly, Objects.requireNonNull(policy, "policy"));
    }
}
