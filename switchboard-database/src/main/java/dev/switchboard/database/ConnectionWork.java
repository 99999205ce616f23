package dev.switchboard.database;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Code that needs a plain JDBC connection; see {@link Database#withConnection(ConnectionWork)}.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface ConnectionWork<T> {

    /**
     * @param connection a pooled connection in autocommit mode; do not close it or keep it
     * @return the result; may be {@code null}
     * @throws SQLException passed on as a {@link DatabaseException}
     */
    T apply(Connection connection) throws SQLException;
}
