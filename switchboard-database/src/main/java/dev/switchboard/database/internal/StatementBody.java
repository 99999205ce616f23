package dev.switchboard.database.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What a call does with its prepared, bound statement.
 *
 * @param <R> the result
 */
@FunctionalInterface
interface StatementBody<R> {
    R run(Connection c, PreparedStatement ps) throws SQLException;
}
