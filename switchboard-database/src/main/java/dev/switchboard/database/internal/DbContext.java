package dev.switchboard.database.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.switchboard.core.Clock;
import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.database.DatabaseException;
import dev.switchboard.database.DatabaseMetrics;
import dev.switchboard.database.Dialect;
import dev.switchboard.database.PoolStats;
import dev.switchboard.database.PoolTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * What every view, transaction and stream of one database shares: the pool, the settings, the
 * binder, the cache and the metrics. Immutable apart from the pool's own state; thread-safe.
 */
final class DbContext {
    final DatabaseConfig config;
    final Dialect dialect;
    final String poolName;
    final Clock clock;
    final DatabaseMetrics metrics;
    final ParameterBinder binder;
    final QueryCache cache;
    final Duration defaultTimeout;
    private final HikariDataSource pool;
    private volatile boolean closed;

    DbContext(DatabaseConfig config, HikariDataSource pool) {
        this.config = config;
        this.dialect = config.dialect();
        this.poolName = config.poolName();
        this.clock = config.clock();
        this.metrics = config.metrics();
        this.binder = new ParameterBinder(dialect, config.objectMapper());
        this.cache = new QueryCache(config.cacheMaximumSize(), config.cacheTtl(), clock, metrics);
        this.defaultTimeout = config.statementTimeout();
        this.pool = pool;
    }

    /**
     * Borrows a connection, translating the pool's timeout into a {@link PoolTimeoutException}.
     *
     * @return a connection in autocommit mode; close it to give it back
     */
    Connection borrow() {
        if (closed) {
            throw new DatabaseException("database pool '" + poolName + "' is closed");
        }
        long t0 = clock.nanoTime();
        try {
            Connection c = pool.getConnection();
            metrics.connectionWait(clock.nanoTime() - t0, true);
            return c;
        } catch (SQLTransientConnectionException e) {
            metrics.connectionWait(clock.nanoTime() - t0, false);
            if (!(e.getCause() instanceof SQLException)) {
                // No connection failure behind it: every connection was busy for the whole wait.
                throw new PoolTimeoutException(
                        poolName, config.connectionTimeout(), poolStats(), e);
            }
            throw SqlErrors.translate(poolName, e, null, Duration.ZERO);
        } catch (SQLException e) {
            metrics.connectionWait(clock.nanoTime() - t0, false);
            throw SqlErrors.translate(poolName, e, null, Duration.ZERO);
        }
    }

    /** Gives a connection back to the pool; a failure to close is not the caller's problem. */
    void giveBack(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // HikariCP evicts a connection it cannot reset; nothing more to do here.
        }
    }

    /** Retires a connection whose session state could not be restored. */
    void evict(Connection c) {
        pool.evictConnection(c);
    }

    PoolStats poolStats() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        if (mx == null) {
            return new PoolStats(0, 0, 0, 0, config.maximumPoolSize());
        }
        return new PoolStats(
                mx.getActiveConnections(),
                mx.getIdleConnections(),
                mx.getThreadsAwaitingConnection(),
                mx.getTotalConnections(),
                config.maximumPoolSize());
    }

    void close() {
        closed = true;
        pool.close();
    }

    boolean isClosed() {
        return closed;
    }
}
