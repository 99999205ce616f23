package dev.switchboard.database;

/**
 * Work done inside a transaction; see {@link Database#inTransaction(TxWork)}.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TxWork<T> {

    /**
     * Called on the thread that called {@code inTransaction}, possibly more than once when the
     * transaction is retried.
     *
     * @param tx the transaction; valid only during this call
     * @return the result; may be {@code null}
     */
    T run(Transaction tx);
}
