package dev.switchboard.database.internal;

import dev.switchboard.database.AsyncDatabase;
import dev.switchboard.database.Database;
import dev.switchboard.database.DatabaseException;
import dev.switchboard.database.Health;
import dev.switchboard.database.RowMapper;
import dev.switchboard.database.TransientDatabaseException;
import dev.switchboard.database.TxOptions;
import dev.switchboard.database.TxWork;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs blocking calls on virtual threads, one thread per call, admitted to the pool by a fair
 * semaphore with one permit per pooled connection: however many calls are submitted, at most {@code
 * maximumPoolSize} of them hold or wait for a connection, so none times out in HikariCP's queue
 * merely because many were submitted at once. Calls beyond the permits wait (in order) on the
 * semaphore as parked virtual threads; at most {@code maxPendingAsync} calls may be admitted or
 * waiting, and the next one fails at once.
 *
 * <p>Thread-safe.
 */
final class AsyncRunner implements AsyncDatabase {
    private final Database db;
    private final String poolName;
    private final int maxPending;
    private final Semaphore permits;
    private final AtomicInteger pending = new AtomicInteger();
    private final ExecutorService executor;

    AsyncRunner(Database db, String poolName, int poolSize, int maxPending) {
        this.db = db;
        this.poolName = poolName;
        this.maxPending = maxPending;
        this.permits = new Semaphore(poolSize, true);
        this.executor =
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name(poolName + "-async-", 0).factory());
    }

    <T> CompletableFuture<T> submit(Supplier<T> call) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            return CompletableFuture.failedFuture(
                    new TransientDatabaseException(
                            "database pool '"
                                    + poolName
                                    + "' has "
                                    + maxPending
                                    + " async calls pending (maxPendingAsync "
                                    + maxPending
                                    + "); slow down or raise maxPendingAsync",
                            null,
                            null));
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            executor.execute(() -> runAdmitted(call, future));
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            future.completeExceptionally(
                    new DatabaseException("database pool '" + poolName + "' is closed", null, e));
        }
        return future;
    }

    private <T> void runAdmitted(Supplier<T> call, CompletableFuture<T> future) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            pending.decrementAndGet();
            future.completeExceptionally(
                    new DatabaseException(
                            "async call on pool '" + poolName + "' interrupted", null, e));
            return;
        }
        try {
            future.complete(call.get());
        } catch (Throwable t) {
            future.completeExceptionally(t);
        } finally {
            permits.release();
            pending.decrementAndGet();
        }
    }

    /** Stops taking calls and waits for the admitted ones to finish. */
    void close() {
        executor.close();
    }

    @Override
    public <T> CompletableFuture<List<T>> query(String sql, RowMapper<T> mapper, Object... params) {
        return submit(() -> db.query(sql, mapper, params));
    }

    @Override
    public <T> CompletableFuture<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return submit(() -> db.queryOne(sql, mapper, params));
    }

    @Override
    public <T> CompletableFuture<Optional<T>> queryOptional(
            String sql, RowMapper<T> mapper, Object... params) {
        return submit(() -> db.queryOptional(sql, mapper, params));
    }

    @Override
    public CompletableFuture<Integer> update(String sql, Object... params) {
        return submit(() -> db.update(sql, params));
    }

    @Override
    public CompletableFuture<int[]> batch(String sql, List<Object[]> rows) {
        return submit(() -> db.batch(sql, rows));
    }

    @Override
    public <T> CompletableFuture<int[]> batch(
            String sql, Collection<T> items, Function<? super T, Object[]> params) {
        return submit(() -> db.batch(sql, items, params));
    }

    @Override
    public <T> CompletableFuture<T> inTransaction(TxWork<T> work) {
        return submit(() -> db.inTransaction(work));
    }

    @Override
    public <T> CompletableFuture<T> inTransaction(TxOptions options, TxWork<T> work) {
        return submit(() -> db.inTransaction(options, work));
    }

    @Override
    public <T> CompletableFuture<T> call(Function<? super Database, ? extends T> work) {
        return submit(() -> work.apply(db));
    }

    @Override
    public CompletableFuture<Health> health() {
        return submit(db::health);
    }
}
