package dev.switchboard.database.internal;

import dev.switchboard.database.AsyncDatabase;
import dev.switchboard.database.ConnectionWork;
import dev.switchboard.database.Database;
import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.database.DatabaseOperation;
import dev.switchboard.database.Dialect;
import dev.switchboard.database.Health;
import dev.switchboard.database.PoolStats;
import dev.switchboard.database.Sql;
import dev.switchboard.database.TxOptions;
import dev.switchboard.database.TxWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Database}: a HikariCP pool, a root {@link SqlView} over pooled sessions, a {@link
 * TransactionRunner}, a {@link QueryCache}, an {@link AsyncRunner} and a {@link HealthCheck}.
 * Thread-safe.
 */
public final class PooledDatabase extends DelegatingSql implements Database {
    private final DatabaseConfig config;
    private final DbContext ctx;
    private final SqlView root;
    private final TransactionRunner transactions;
    private final AsyncRunner async;
    private final HealthCheck health;
    private final ReentrantLock closeLock = new ReentrantLock();

    private PooledDatabase(DatabaseConfig config) {
        this.config = config;
        this.ctx = new DbContext(config, PoolFactory.open(config));
        this.root = new SqlView(ctx, new PooledSession(ctx), null, null);
        this.transactions = new TransactionRunner(ctx);
        this.async =
                new AsyncRunner(
                        this,
                        config.poolName(),
                        config.maximumPoolSize(),
                        config.maxPendingAsync());
        this.health = new HealthCheck(ctx);
    }

    /**
     * @param config the configuration
     * @return an open database
     */
    public static Database open(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        return new PooledDatabase(config);
    }

    @Override
    public Sql cached(String... tables) {
        if (tables.length == 0) {
            throw new IllegalArgumentException(
                    "cached(...) needs at least one table, so writes can invalidate the entries");
        }
        List<String> tags = new ArrayList<>(tables.length);
        for (String t : tables) {
            tags.add(WriteTables.normalize(Objects.requireNonNull(t, "table")));
        }
        return root.withCacheTags(List.copyOf(tags));
    }

    @Override
    public <T> T inTransaction(TxWork<T> work) {
        return inTransaction(TxOptions.defaults(), work);
    }

    @Override
    public <T> T inTransaction(TxOptions options, TxWork<T> work) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(work, "work");
        return transactions.run(options, work);
    }

    @Override
    public <T> T withConnection(ConnectionWork<T> work) {
        Objects.requireNonNull(work, "work");
        return root.timed(
                DatabaseOperation.CONNECTION,
                () -> {
                    Connection c = ctx.borrow();
                    try {
                        return work.apply(c);
                    } catch (SQLException e) {
                        throw SqlErrors.translate(ctx.poolName, e, null, Duration.ZERO);
                    } finally {
                        ctx.giveBack(c);
                    }
                });
    }

    @Override
    public void invalidate(String... tables) {
        List<String> tags = new ArrayList<>(tables.length);
        for (String t : tables) {
            tags.add(WriteTables.normalize(t));
        }
        ctx.cache.invalidate(tags);
    }

    @Override
    public void invalidateAll() {
        ctx.cache.invalidateAll();
    }

    @Override
    public AsyncDatabase async() {
        return async;
    }

    @Override
    public Health health() {
        return health.check();
    }

    @Override
    public PoolStats poolStats() {
        return ctx.poolStats();
    }

    @Override
    public Dialect dialect() {
        return ctx.dialect;
    }

    @Override
    public DatabaseConfig config() {
        return config;
    }

    @Override
    public void close() {
        closeLock.lock();
        try {
            if (ctx.isClosed()) {
                return;
            }
            async.close();
            ctx.close();
        } finally {
            closeLock.unlock();
        }
    }

    /**
     * @return entries in the query cache, stale ones included; for tests
     */
    long cacheSize() {
        return ctx.cache.size();
    }

    @Override
    Sql sql() {
        return root;
    }
}
