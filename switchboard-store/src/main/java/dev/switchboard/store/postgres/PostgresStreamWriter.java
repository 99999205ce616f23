package dev.switchboard.store.postgres;

import dev.switchboard.core.Clock;
import dev.switchboard.database.Database;
import dev.switchboard.store.AppendListener;
import dev.switchboard.store.FsyncPolicy;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.store.internal.StreamIndex;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a stream's rows ({@code sb-store-pg-<stream>}), on one connection it
 * keeps for the stream's lifetime. That connection holds the stream's session-level advisory lock,
 * so every write of the stream goes through the session that owns it.
 *
 * <h2>Design note: group commit</h2>
 *
 * <pre>
 *  appenders (any thread)               writer thread, own connection, autocommit off
 *  ----------------------               ---------------------------------------------
 *  lock; seq = last+1; index.add;       lock; wait until queue not empty;
 *  queue.add(op); unlock        ---->   swap queue with an empty list; unlock
 *                                       one transaction for the whole batch:
 *                                         [SET LOCAL synchronous_commit = off]  (INTERVAL, NEVER;
 *                                          = on for ALWAYS if the server default is off)
 *                                         INSERT messages      (one JDBC batch; pgjdbc rewrites it
 *                                                               into multi-row INSERTs)
 *                                         DELETE seq = ANY(removed)            (remove, per-subject)
 *                                         DELETE seq &lt; max(purge bound)      (limits, age, purge)
 *                                         DELETE subject = ? AND seq &lt; ?     (subject purges)
 *                                         UPDATE store_streams SET last_seq, last_ts
 *                                                              (only if the batch deletes)
 *                                         config / metadata / consumer writes, in order
 *                                       COMMIT
 *                                       listeners and futures, in queue order
 * </pre>
 *
 * While one batch commits, the next accumulates, so N concurrent appenders share one commit (and
 * one WAL flush). Deletes may all run after the batch's inserts: a removal names a sequence
 * inserted earlier, and a purge bound is capped at the stream's last sequence when it is queued, so
 * no later insert falls under it.
 *
 * <p>The queue is guarded by the store's lock (the conditions are that lock's); everything else is
 * confined to the writer thread. {@link #committed()} is published for the store.
 */
final class PostgresStreamWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStreamWriter.class);

    /** Appenders wait while this many payload bytes are queued. */
    static final long MAX_QUEUED_BYTES = 64L << 20;

    /** Rows per round trip when the index is rebuilt. */
    private static final int RECOVERY_FETCH = 4096;

    /** The stream's advisory-lock key, per schema. */
    static final String STREAM_LOCK_KEY = Migrations.LOCK_KEY;

    /** Work on the writer's connection inside the batch's transaction. */
    @FunctionalInterface
    interface SqlWork {
        Object apply(Connection c, long streamId) throws SQLException;
    }

    /** A queued operation. */
    sealed interface Op {}

    record Append(StoredMessage message, AppendListener listener) implements Op {}

    record Remove(long sequence) implements Op {}

    /** Removes held rows below {@code upTo} (already capped at last + 1), on a subject or all. */
    record Purge(String subject, long upTo) implements Op {}

    record Write(SqlWork work, CompletableFuture<Object> done) implements Op {}

    record Sync(CompletableFuture<Object> done) implements Op {}

    /** What the writer found (or created) before the stream opens. */
    record Recovered(long streamId, StoreConfig config, byte[] metadata, StreamIndex index) {}

    private final Database db;
    private final String name;
    private final Clock clock;
    private final StoreConfig createConfig;
    private final byte[] createMetadata;
    private final CompletableFuture<Recovered> ready = new CompletableFuture<>();
    private final CompletableFuture<PostgresStreamStore> attached = new CompletableFuture<>();
    private final AtomicLong transactions = new AtomicLong();

    // Set by attach, before the loop runs; the queue and flags are guarded by lock.
    private ReentrantLock lock;
    private Condition notEmpty;
    private Condition notFull;
    private List<Op> queue = new ArrayList<>();
    private long queuedBytes;
    private boolean closing;
    private boolean exited;

    // Writer thread only (failure is also read by appenders).
    private long streamId;
    private PostgresStreamStore store;
    private volatile Throwable failure;
    private volatile long committed;
    private long committedTs;
    private long lastSyncCommitNanos;
    private boolean serverCommitsAsync;

    /**
     * @param db where the stream lives
     * @param name the stream's name
     * @param clock for the INTERVAL policy
     * @param createConfig non-null to create the stream (then {@code createMetadata} too)
     * @param createMetadata the new stream's metadata
     */
    PostgresStreamWriter(
            Database db,
            String name,
            Clock clock,
            StoreConfig createConfig,
            byte[] createMetadata) {
        this.db = db;
        this.name = name;
        this.clock = clock;
        this.createConfig = createConfig;
        this.createMetadata = createMetadata;
    }

    /**
     * @return completed once the stream is locked and recovered (or created), or with the
     *     StoreException saying why not
     */
    CompletableFuture<Recovered> ready() {
        return ready;
    }

    /**
     * Hands the writer its store and lets the loop start (called from the store's constructor).
     *
     * @param s the store
     * @param storeLock the store's lock, which guards the queue
     */
    void attach(PostgresStreamStore s, ReentrantLock storeLock) {
        this.lock = storeLock;
        this.notEmpty = storeLock.newCondition();
        this.notFull = storeLock.newCondition();
        attached.complete(s);
    }

    /** Tells the thread that the store could not be built: unlock and end. */
    void abandon() {
        if (!attached.complete(null)) {
            lock.lock();
            try {
                requestClose();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * @return how many batch transactions committed (for tests of group commit)
     */
    long transactions() {
        return transactions.get();
    }

    /**
     * @return the newest sequence whose row has committed
     */
    long committed() {
        return committed;
    }

    /**
     * @return why writing failed, or {@code null}
     */
    Throwable failure() {
        return failure;
    }

    // ---- the queue (under the store's lock) ----

    /** Under the store's lock: waits while the queue is full. */
    void awaitRoom() {
        while (queuedBytes > MAX_QUEUED_BYTES && !closing && !exited) {
            notFull.awaitUninterruptibly();
        }
    }

    /**
     * Queues an operation (under the store's lock). After close or a failure, it fails at once.
     *
     * @param op the operation
     */
    void enqueue(Op op) {
        if (closing || exited) {
            Throwable f = failure;
            complete(
                    op,
                    null,
                    f != null
                            ? f
                            : new StoreException(
                                    StoreError.CLOSED, "stream '" + name + "' is closed"));
            return;
        }
        queue.add(op);
        if (op instanceof Append a) {
            queuedBytes += a.message().payload().length + a.message().headers().length + 64;
        }
        if (queue.size() == 1) {
            notEmpty.signal();
        }
    }

    /** Under the store's lock: asks the thread to write what is queued and stop. */
    void requestClose() {
        closing = true;
        if (notEmpty != null) {
            notEmpty.signalAll();
            notFull.signalAll();
        }
    }

    // ---- the thread ----

    @Override
    public void run() {
        try {
            db.withConnection(
                    c -> {
                        session(c);
                        return null;
                    });
        } catch (RuntimeException e) {
            StoreException se =
                    e instanceof StoreException s
                            ? s
                            : new StoreException(
                                    StoreError.IO,
                                    "stream '" + name + "': PostgreSQL session failed: " + e,
                                    e);
            if (!ready.completeExceptionally(se)) {
                fail(se);
            }
        } finally {
            List<Op> left = List.of();
            if (lock != null) {
                lock.lock();
                try {
                    exited = true;
                    left = queue;
                    queue = new ArrayList<>();
                    notFull.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            Throwable f =
                    failure != null
                            ? failure
                            : new StoreException(
                                    StoreError.CLOSED, "stream '" + name + "' is closed");
            for (Op op : left) {
                complete(op, null, f);
            }
        }
    }

    private void session(Connection c) throws SQLException {
        c.setAutoCommit(true);
        if (!tryLock(c)) {
            ready.completeExceptionally(
                    new StoreException(
                            StoreError.IO,
                            "stream '"
                                    + name
                                    + "' is open in another Switchboard backend (its PostgreSQL"
                                    + " advisory lock is held by another session); only one"
                                    + " broker may write a stream"));
            return;
        }
        try {
            Recovered r;
            try {
                r = createConfig != null ? create(c) : recover(c);
            } catch (SQLException | RuntimeException e) {
                ready.completeExceptionally(
                        e instanceof StoreException
                                ? e
                                : new StoreException(
                                        StoreError.IO,
                                        "stream '" + name + "': reading it failed: " + e,
                                        e));
                return;
            }
            serverCommitsAsync = "off".equals(setting(c, "synchronous_commit"));
            streamId = r.streamId();
            committed = r.index().last();
            committedTs = r.index().lastTimestamp();
            ready.complete(r);
            store = attached.join();
            if (store != null) {
                c.setAutoCommit(false);
                loop(c);
            }
        } finally {
            unlock(c);
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT pg_try_advisory_lock(" + STREAM_LOCK_KEY + ")")) {
            ps.setString(1, "switchboard.store.stream/" + name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void unlock(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT pg_advisory_unlock(" + STREAM_LOCK_KEY + ")")) {
                ps.setString(1, "switchboard.store.stream/" + name);
                ps.execute();
            }
        } catch (SQLException | RuntimeException e) {
            // A broken session has lost the lock anyway; make sure it is not reused.
            LOG.warn("stream '{}': releasing its advisory lock failed; closing the session", name);
            try {
                c.abort(Runnable::run);
            } catch (SQLException ignored) {
                // Nothing more to do: the pool drops the broken connection.
            }
        }
    }

    private Recovered create(Connection c) throws SQLException {
        long id;
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO store_streams(name, max_messages, max_bytes, max_age_ns,"
                                + " max_per_subject, max_message_bytes, discard, fsync_mode,"
                                + " fsync_interval_ns, segment_bytes, metadata)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (name) DO NOTHING RETURNING id")) {
            ps.setString(1, name);
            StreamRows.bindConfig(ps, 2, createConfig);
            ps.setBytes(11, createMetadata);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(
                            StoreError.ALREADY_EXISTS, "stream '" + name + "' already exists");
                }
                id = rs.getLong(1);
            }
        }
        return new Recovered(id, createConfig, createMetadata, new StreamIndex(0));
    }

    /** Rebuilds the index from the rows, streamed in sequence order. */
    private Recovered recover(Connection c) throws SQLException {
        long id;
        StoreConfig config;
        byte[] metadata;
        long lastSeq;
        long lastTs;
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT id, "
                                + StreamRows.CONFIG_COLUMNS
                                + ", metadata, last_seq, last_ts FROM store_streams WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(StoreError.NOT_FOUND, "no stream '" + name + "'");
                }
                id = rs.getLong("id");
                config = StreamRows.readConfig(name, rs);
                metadata = rs.getBytes("metadata");
                lastSeq = rs.getLong("last_seq");
                lastTs = rs.getLong("last_ts");
            }
        }
        StreamIndex index = new StreamIndex(0);
        c.setAutoCommit(false); // pgjdbc streams with a cursor only inside a transaction
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT seq, ts, subject, octet_length(subject) + octet_length(headers)"
                                + " + octet_length(payload) AS len FROM store_messages"
                                + " WHERE stream_id = ? ORDER BY seq")) {
            ps.setFetchSize(RECOVERY_FETCH);
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long accounted = 32L + rs.getLong(4);
                    index.add(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            (int) Math.min(accounted, Integer.MAX_VALUE),
                            null);
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        index.raiseLast(lastSeq);
        index.raiseLastTimestamp(lastTs);
        return new Recovered(id, config, metadata, index);
    }

    private void loop(Connection c) {
        lastSyncCommitNanos = clock.nanoTime();
        while (true) {
            List<Op> batch;
            boolean exit;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    notEmpty.awaitUninterruptibly();
                }
                batch = queue;
                queue = new ArrayList<>();
                queuedBytes = 0;
                notFull.signalAll();
                exit = closing;
            } finally {
                lock.unlock();
            }
            if (!batch.isEmpty()) {
                process(c, batch);
            }
            if (exit || failure != null) {
                return;
            }
        }
    }

    private void process(Connection c, List<Op> batch) {
        FsyncPolicy policy = store.config().fsync();
        boolean syncCommit = policy.mode() == FsyncPolicy.Mode.ALWAYS;
        if (policy.mode() == FsyncPolicy.Mode.INTERVAL
                && clock.nanoTime() - lastSyncCommitNanos >= policy.interval().toNanos()) {
            syncCommit = true;
        }
        long lastSeq = 0;
        long lastTs = 0;
        int inserts = 0;
        List<Long> removals = new ArrayList<>();
        long purgeAll = 0;
        List<Purge> subjectPurges = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        for (Op op : batch) {
            if (op instanceof Sync) {
                syncCommit = true;
            }
        }
        Object[] results = new Object[batch.size()];
        try {
            if (!syncCommit) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL synchronous_commit = off");
                }
            } else if (serverCommitsAsync) {
                // ALWAYS means the WAL is flushed before the listener runs, whatever the server's
                // default (embedded test servers turn it off); local and the remote_* settings
                // flush.
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL synchronous_commit = on");
                }
            }
            try (PreparedStatement ins =
                    c.prepareStatement(
                            "INSERT INTO store_messages(stream_id, seq, ts, subject, headers,"
                                    + " payload) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Op op : batch) {
                    switch (op) {
                        case Append a -> {
                            StoredMessage m = a.message();
                            ins.setLong(1, streamId);
                            ins.setLong(2, m.sequence());
                            ins.setLong(3, m.timestampNanos());
                            ins.setString(4, m.subject());
                            ins.setBytes(5, m.headers());
                            ins.setBytes(6, m.payload());
                            ins.addBatch();
                            inserts++;
                            lastSeq = m.sequence();
                            lastTs = m.timestampNanos();
                        }
                        case Remove r -> removals.add(r.sequence());
                        case Purge p -> {
                            if (p.subject() == null) {
                                purgeAll = Math.max(purgeAll, p.upTo());
                            } else {
                                subjectPurges.add(p);
                            }
                        }
                        case Write w -> writes.add(w);
                        case Sync s -> {
                            // Makes the batch commit synchronously; nothing to write.
                        }
                    }
                }
                if (inserts > 0) {
                    ins.executeBatch();
                }
            }
            if (purgeAll > 0 || !subjectPurges.isEmpty()) {
                // A purge of a large stream may run longer than the pool's statement timeout,
                // which would fail the stream; this transaction only.
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL statement_timeout = 0");
                }
            }
            if (!removals.isEmpty()) {
                try (PreparedStatement del =
                        c.prepareStatement(
                                "DELETE FROM store_messages WHERE stream_id = ? AND seq = ANY(?)")) {
                    Array seqs = c.createArrayOf("bigint", removals.toArray());
                    del.setLong(1, streamId);
                    del.setArray(2, seqs);
                    del.executeUpdate();
                    seqs.free();
                }
            }
            if (purgeAll > 0) {
                try (PreparedStatement del =
                        c.prepareStatement(
                                "DELETE FROM store_messages WHERE stream_id = ? AND seq < ?")) {
                    del.setLong(1, streamId);
                    del.setLong(2, purgeAll);
                    del.executeUpdate();
                }
            }
            for (Purge p : subjectPurges) {
                try (PreparedStatement del =
                        c.prepareStatement(
                                "DELETE FROM store_messages WHERE stream_id = ? AND subject = ?"
                                        + " AND seq < ?")) {
                    del.setLong(1, streamId);
                    del.setString(2, p.subject());
                    del.setLong(3, p.upTo());
                    del.executeUpdate();
                }
            }
            if (!removals.isEmpty() || purgeAll > 0 || !subjectPurges.isEmpty()) {
                // Recovery takes the newest row's sequence, or this if the rows are gone: only a
                // batch that deletes needs to save it (appends alone skip a hot-row update).
                try (PreparedStatement up =
                        c.prepareStatement(
                                "UPDATE store_streams SET last_seq = greatest(last_seq, ?),"
                                        + " last_ts = greatest(last_ts, ?) WHERE id = ?")) {
                    up.setLong(1, lastSeq > 0 ? lastSeq : committed);
                    up.setLong(2, lastSeq > 0 ? lastTs : committedTs);
                    up.setLong(3, streamId);
                    up.executeUpdate();
                }
            }
            int w = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i) instanceof Write) {
                    results[i] = writes.get(w++).work().apply(c, streamId);
                }
            }
            c.commit();
            transactions.incrementAndGet();
            if (syncCommit) {
                lastSyncCommitNanos = clock.nanoTime();
            }
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // The session is probably gone; the failure below says why.
            }
            Throwable cause = withoutValues(e);
            StoreException se =
                    new StoreException(
                            StoreError.IO,
                            "stream '" + name + "': writing to PostgreSQL failed: " + cause,
                            cause);
            fail(se);
            for (Op op : batch) {
                complete(op, null, se);
            }
            return;
        }
        if (lastSeq > 0) {
            committedTs = lastTs;
            committed = lastSeq;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i], null);
        }
    }

    /**
     * pgjdbc's BatchUpdateException quotes the failed row's values (message payloads) in its
     * message; its next exception says the same without them.
     */
    private static Throwable withoutValues(Exception e) {
        if (e instanceof BatchUpdateException b && b.getNextException() != null) {
            return b.getNextException();
        }
        return e;
    }

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
            LOG.error("stream '{}': writing failed; appends now fail", name, t);
        }
    }

    private void complete(Op op, Object result, Throwable error) {
        try {
            switch (op) {
                case Append a -> {
                    if (a.listener() != null) {
                        a.listener().completed(a.message().sequence(), error);
                    }
                }
                case Write w -> {
                    if (error == null) {
                        w.done().complete(result);
                    } else {
                        w.done().completeExceptionally(error);
                    }
                }
                case Sync s -> {
                    if (error == null) {
                        s.done().complete(null);
                    } else {
                        s.done().completeExceptionally(error);
                    }
                }
                case Remove r -> {
                    // Removals are not waited for.
                }
                case Purge p -> {
                    // Purges are not waited for.
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("stream '{}': an append listener threw", name, e);
        }
    }
}
