package dev.switchboard.database.internal;

import java.sql.Connection;
import java.util.HashSet;
import java.util.Set;

/**
 * What one top-level transaction attempt shares with its nested savepoint levels: the connection,
 * the tables written (invalidated in the cache after commit) and the first transient SQLState seen
 * (so an attempt whose transient failure the work swallowed is still retried when the commit then
 * fails). Confined to the thread running the transaction.
 */
final class TxState {
    final Connection connection;
    final Set<String> written = new HashSet<>();
    String transientSqlState;

    TxState(Connection connection) {
        this.connection = connection;
    }

    void failed(String sqlState) {
        if (transientSqlState == null && dev.switchboard.database.SqlStates.isTransient(sqlState)) {
            transientSqlState = sqlState;
        }
    }
}
