package dev.switchboard.database.internal;

import java.sql.Connection;
import java.util.Set;

/**
 * Where a {@link SqlView}'s statements get their connection: the pool (one connection per call, in
 * autocommit mode) or a transaction (its one connection). Implementations say which thread may use
 * them.
 */
interface Session {

    /**
     * @return a connection to run one call on
     */
    Connection acquire();

    /**
     * @param c the connection from {@link #acquire()}, after the call
     */
    void release(Connection c);

    /**
     * @return true when calls run in autocommit mode on their own connection, so a call that needs
     *     a transaction (a batch, a stream) must open and end one itself
     */
    boolean autocommit();

    /**
     * A statement that writes these tables succeeded.
     *
     * @param tables normalised table names, never empty
     */
    void written(Set<String> tables);

    /**
     * A statement failed.
     *
     * @param sqlState its SQLState, or {@code null}
     */
    void failed(String sqlState);
}
