package dev.switchboard.database;

/**
 * A transaction in progress, handed to a {@link TxWork}. Its statements run on one connection; they
 * commit together when the outermost work returns.
 *
 * <p>{@link #inTransaction(TxWork)} nests: it sets a savepoint, runs the inner work, and releases
 * the savepoint if the work returns. If the inner work throws, the transaction rolls back to the
 * savepoint (undoing only the inner work) and the exception is rethrown to the outer work, which
 * decides: catch it and carry on (the outer transaction is intact), or let it propagate (the whole
 * transaction rolls back). Nesting goes as deep as you like.
 *
 * <p>Not thread-safe: use it only on the thread running the work, and only while the work runs
 * (afterwards every call throws {@link IllegalStateException}).
 */
public interface Transaction extends Sql {

    /**
     * Runs work inside a savepoint of this transaction. Never retried on its own: a retry, if any,
     * re-runs the outermost work.
     *
     * @param <T> the result type
     * @param work the inner work
     * @return what the inner work returned
     * @throws RuntimeException whatever the inner work threw, after rolling back to the savepoint
     */
    <T> T inTransaction(TxWork<T> work);

    /**
     * Declares tables this transaction writes, beyond those found in its {@code INSERT/UPDATE/
     * DELETE} statements, so their cached results are invalidated when it commits (for example
     * tables written by a stored function).
     *
     * @param tables table names
     */
    void writes(String... tables);

    /**
     * @return 0 for the outermost transaction, 1 inside one savepoint, and so on
     */
    int depth();
}
