package dev.switchboard.store.postgres;

import dev.switchboard.core.Clock;
import dev.switchboard.database.Database;
import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StreamStore;
import dev.switchboard.store.internal.AbstractStreamStore;
import dev.switchboard.store.internal.WriterThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link StorageBackend} in PostgreSQL ({@code [storage] backend = postgres}): streams, their
 * messages and consumer state are rows of three tables in the schema the {@link Database}'s
 * connections use (their {@code search_path}; pgjdbc's {@code currentSchema} property sets it).
 * {@link #open} creates or upgrades the tables first (versioned SQL, {@code store_schema_version}).
 *
 * <pre>
 * store_streams    (id, name, config columns, metadata, last_seq, last_ts)
 * store_messages   (stream_id, seq, ts, subject, headers, payload)   PRIMARY KEY (stream_id, seq)
 * store_consumers  (stream_id, consumer, state)
 * </pre>
 *
 * <p>Each open stream has a writer thread, {@code sb-store-pg-<stream>}, that keeps one pooled
 * connection for as long as the stream is open: size the pool for the open streams plus the
 * readers. That connection holds a session-level advisory lock on the stream, so a second backend
 * (another broker) cannot open it: its {@link #open} fails with {@link StoreError#IO} saying the
 * stream is open elsewhere. docs/STORAGE.md ("PostgreSQL backend") explains the choice, group
 * commit and retention.
 *
 * <p>Thread-safe.
 */
public final class PostgresStorage implements StorageBackend {

    private final Database db;
    private final boolean ownsDatabase;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PostgresStreamStore> open = new HashMap<>();

    private PostgresStorage(Database db, boolean ownsDatabase, Clock clock) {
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.clock = clock;
    }

    /**
     * Opens the store on a database the caller owns (and closes after this backend), migrating its
     * tables to the current version first.
     *
     * @param db the database; its connections' search path names the schema to use
     * @param clock the source of timestamps and of time for age limits and fsync intervals
     * @return the backend
     * @throws StoreException {@link StoreError#IO} if the migration fails
     */
    public static PostgresStorage open(Database db, Clock clock) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(clock, "clock");
        Migrations.apply(db);
        return new PostgresStorage(db, false, clock);
    }

    /**
     * Opens a database of its own from a configuration (closed with this backend) and the store on
     * it, as {@link #open(Database, Clock)} does.
     *
     * @param config the database configuration
     * @param clock the source of timestamps and of time for age limits and fsync intervals
     * @return the backend
     * @throws StoreException {@link StoreError#IO} if the migration fails
     * @throws dev.switchboard.database.DatabaseException if the database cannot be reached
     */
    public static PostgresStorage open(DatabaseConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Database db = Database.create(config);
        try {
            Migrations.apply(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new PostgresStorage(db, true, clock);
    }

    /**
     * @return the database this backend uses
     */
    public Database database() {
        return db;
    }

    @Override
    public StreamStore create(StoreConfig config, byte[] metadata) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metadata, "metadata");
        AbstractStreamStore.checkMetadata(metadata);
        lock.lock();
        try {
            if (open.containsKey(config.name()) || exists(config.name())) {
                throw new StoreException(
                        StoreError.ALREADY_EXISTS, "stream '" + config.name() + "' already exists");
            }
            return openLocked(config.name(), config, metadata.clone());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StreamStore open(String name) {
        StoreConfig.checkName(name);
        lock.lock();
        try {
            PostgresStreamStore s = open.get(name);
            return s != null ? s : openLocked(name, null, null);
        } finally {
            lock.unlock();
        }
    }

    private boolean exists(String name) {
        return db.queryOptional(
                        "SELECT 1 AS one FROM store_streams WHERE name = ?",
                        r -> r.getInt("one"),
                        name)
                .isPresent();
    }

    private PostgresStreamStore openLocked(String name, StoreConfig create, byte[] metadata) {
        PostgresStreamWriter writer = new PostgresStreamWriter(db, name, clock, create, metadata);
        Thread thread = new Thread(writer, "sb-store-pg-" + name);
        thread.setDaemon(true);
        thread.start();
        PostgresStreamWriter.Recovered r;
        try {
            r = writer.ready().join();
        } catch (CompletionException e) {
            joinQuietly(thread);
            if (e.getCause() instanceof StoreException se) {
                throw new StoreException(se.error(), se.getMessage(), se.getCause());
            }
            throw new StoreException(
                    StoreError.IO, "opening stream '" + name + "' failed: " + e.getCause(), e);
        }
        PostgresStreamStore s;
        try {
            s = new PostgresStreamStore(this, db, writer, thread, r, clock);
        } catch (RuntimeException e) {
            writer.abandon();
            joinQuietly(thread);
            throw e;
        }
        open.put(name, s);
        return s;
    }

    private static void joinQuietly(Thread thread) {
        if (WriterThreads.join(thread)) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called by a stream's close. */
    void closed(String name, PostgresStreamStore store) {
        lock.lock();
        try {
            open.remove(name, store);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> names() {
        List<String> out =
                new ArrayList<>(
                        db.query("SELECT name FROM store_streams", r -> r.getString("name")));
        out.sort(null); // Java's order, not the database collation's
        return out;
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreException {@link StoreError#IO} if another backend has the stream open
     */
    @Override
    public boolean delete(String name) {
        StoreConfig.checkName(name);
        PostgresStreamStore s;
        lock.lock();
        try {
            s = open.get(name);
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.close();
        }
        lock.lock();
        try {
            return db.inTransaction(
                    tx -> {
                        // The transaction-level lock conflicts with an opener's session lock.
                        boolean free =
                                tx.queryOne(
                                        "SELECT pg_try_advisory_xact_lock("
                                                + PostgresStreamWriter.STREAM_LOCK_KEY
                                                + ") AS free",
                                        r -> r.getBoolean("free"),
                                        "switchboard.store.stream/" + name);
                        if (!free) {
                            throw new StoreException(
                                    StoreError.IO,
                                    "cannot delete stream '"
                                            + name
                                            + "': it is open in another Switchboard backend");
                        }
                        Long id =
                                tx.queryOptional(
                                                "SELECT id FROM store_streams WHERE name = ?",
                                                r -> r.getLong("id"),
                                                name)
                                        .orElse(null);
                        if (id == null) {
                            return false;
                        }
                        tx.update("DELETE FROM store_consumers WHERE stream_id = ?", id);
                        // A large stream may take longer than the pool's statement timeout.
                        tx.withStatementTimeout(Duration.ZERO)
                                .update("DELETE FROM store_messages WHERE stream_id = ?", id);
                        tx.update("DELETE FROM store_streams WHERE id = ?", id);
                        return true;
                    });
        } finally {
            lock.unlock();
        }
    }

    /** Closes every open stream, then the database if this backend opened it. Idempotent. */
    @Override
    public void close() {
        List<PostgresStreamStore> all;
        lock.lock();
        try {
            all = new ArrayList<>(open.values());
        } finally {
            lock.unlock();
        }
        for (PostgresStreamStore s : all) {
            s.close();
        }
        if (ownsDatabase) {
            db.close();
        }
    }
}
