package dev.switchboard.database.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.database.DatabaseException;
import dev.switchboard.database.Dialect;
import dev.switchboard.database.TransientDatabaseException;
import java.sql.SQLException;
import java.util.Map;

/**
 * Turns a {@link DatabaseConfig} into a HikariCP pool with the driver settings each dialect wants.
 * Stateless.
 *
 * <p>PostgreSQL: {@code reWriteBatchedInserts} (multi-row INSERTs for batches), {@code
 * prepareThreshold} (server-side prepared statements after N executions; pgjdbc caches them per
 * connection), {@code ApplicationName} (the pool name, visible in {@code pg_stat_activity}) and the
 * default {@code statement_timeout} as a start-up option.
 */
final class PoolFactory {
    private PoolFactory() {}

    static HikariDataSource open(DatabaseConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hc.setUsername(config.user());
        }
        if (config.password() != null) {
            hc.setPassword(config.password());
        }
        hc.setPoolName(config.poolName());
        hc.setMaximumPoolSize(config.maximumPoolSize());
        hc.setMinimumIdle(config.minimumIdle());
        hc.setConnectionTimeout(config.connectionTimeout().toMillis());
        hc.setValidationTimeout(Math.min(5_000, config.connectionTimeout().toMillis()));
        hc.setIdleTimeout(config.idleTimeout().toMillis());
        hc.setMaxLifetime(config.maxLifetime().toMillis());
        hc.setAutoCommit(true);
        if (config.dialect() == Dialect.POSTGRESQL) {
            hc.addDataSourceProperty(
                    "reWriteBatchedInserts", Boolean.toString(config.rewriteBatchedInserts()));
            hc.addDataSourceProperty(
                    "prepareThreshold", Integer.toString(config.prepareThreshold()));
            hc.addDataSourceProperty("ApplicationName", config.poolName());
            if (!config.statementTimeout().isZero()) {
                hc.addDataSourceProperty(
                        "options", "-c statement_timeout=" + config.statementTimeout().toMillis());
            }
        }
        for (Map.Entry<String, String> p : config.driverProperties().entrySet()) {
            hc.addDataSourceProperty(p.getKey(), p.getValue());
        }
        try {
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            String state = e.getCause() instanceof SQLException s ? s.getSQLState() : null;
            String msg =
                    "cannot open database pool '"
                            + config.poolName()
                            + "' to "
                            + config.jdbcUrl()
                            + " as "
                            + config.user()
                            + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            if (state == null || state.startsWith("08")) {
                throw new TransientDatabaseException(msg, state, e);
            }
            throw new DatabaseException(msg, state, e);
        } catch (RuntimeException e) {
            throw new DatabaseException(
                    "cannot open database pool '" + config.poolName() + "': " + e.getMessage(),
                    null,
                    e);
        }
    }
}
