package dev.switchboard.store.postgres;

import dev.switchboard.core.Clock;
import dev.switchboard.database.Database;
import dev.switchboard.database.Row;
import dev.switchboard.store.AppendListener;
import dev.switchboard.store.ConsumerStateStore;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.store.internal.AbstractStreamStore;
import dev.switchboard.store.internal.WriterThreads;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A stream in PostgreSQL. The {@link dev.switchboard.store.internal.StreamIndex} holds the whole
 * stream's bookkeeping in memory (rebuilt from the rows at open), so sequences, limits and filtered
 * lookups never query the database; the rows are the durable copy and the source of message
 * contents. Writes go to a {@link PostgresStreamWriter} thread that batches them into one
 * transaction; reads of committed messages are queries on the pool.
 *
 * <p>Thread-safe. The lock guards the index and the writer's queue; database I/O happens outside it
 * (except the queue hand-off, which never waits for the database).
 */
final class PostgresStreamStore extends AbstractStreamStore {
    private final PostgresStorage storage;
    private final Database db;
    private final PostgresStreamWriter writer;
    private final Thread thread;
    private final long streamId;
    private final PostgresConsumerStateStore consumers;
    private volatile byte[] metadata;

    /** Sequences up to this one have had their in-memory copies dropped (under the lock). */
    private long cleared;

    /** The write of the newest {@link #update}'s configuration (under the lock). */
    private CompletableFuture<Object> configWrite;

    PostgresStreamStore(
            PostgresStorage storage,
            Database db,
            PostgresStreamWriter writer,
            Thread thread,
            PostgresStreamWriter.Recovered recovered,
            Clock clock) {
        super(recovered.config(), recovered.index(), clock);
        this.storage = storage;
        this.db = db;
        this.writer = writer;
        this.thread = thread;
        this.streamId = recovered.streamId();
        this.metadata = recovered.metadata();
        this.cleared = recovered.index().last();
        this.consumers = new PostgresConsumerStateStore(this, db, streamId);
        writer.attach(this, lock);
        lock.lock();
        try {
            // A crash may have lost deletes queued after their messages committed.
            applyLimits();
        } finally {
            lock.unlock();
        }
    }

    String name() {
        return config().name();
    }

    /**
     * @return how many transactions the writer committed (group commit: fewer than appends)
     */
    long transactions() {
        return writer.transactions();
    }

    // ---- backend hooks ----

    @Override
    protected void awaitRoom() {
        writer.awaitRoom();
    }

    @Override
    protected void checkWritable() {
        Throwable f = writer.failure();
        if (f != null) {
            throw new StoreException(
                    StoreError.IO, "stream '" + name() + "': writing failed: " + f, f);
        }
    }

    @Override
    protected void persistMessage(StoredMessage m, Object prepared, AppendListener listener) {
        dropCommittedCopies();
        writer.enqueue(new PostgresStreamWriter.Append(m, listener));
    }

    /** Committed messages are read from the table; their heap copies can go (under the lock). */
    private void dropCommittedCopies() {
        long upTo = writer.committed();
        for (long q = Math.max(cleared + 1, index.first()); q <= upTo; q++) {
            index.clearRef(q);
        }
        cleared = Math.max(cleared, upTo);
    }

    @Override
    protected void persistRemoval(long sequence) {
        writer.enqueue(new PostgresStreamWriter.Remove(sequence));
    }

    @Override
    protected void persistPurge(String subject, long upTo) {
        // Capped, so that the writer may run the delete after later appends' inserts.
        writer.enqueue(new PostgresStreamWriter.Purge(subject, Math.min(upTo, index.last() + 1)));
    }

    @Override
    protected void persistConfig(StoreConfig next) {
        configWrite =
                write(
                        (c, id) -> {
                            try (PreparedStatement ps =
                                    c.prepareStatement(
                                            "UPDATE store_streams SET "
                                                    + StreamRows.CONFIG_ASSIGNMENTS
                                                    + " WHERE id = ?")) {
                                StreamRows.bindConfig(ps, 1, next);
                                ps.setLong(10, id);
                                return ps.executeUpdate();
                            }
                        });
    }

    @Override
    public void update(StoreConfig next) {
        CompletableFuture<Object> saved;
        lock.lock();
        try {
            super.update(next);
            saved = configWrite;
            configWrite = null;
        } finally {
            lock.unlock();
        }
        // Waited for outside the lock: the writer's listeners may read the store.
        await(saved, "saving the configuration");
    }

    @Override
    protected void readStored(long[] seqs, int count, Consumer<? super StoredMessage> sink) {
        List<StoredMessage> rows;
        String columns = "SELECT seq, ts, subject, headers, payload FROM store_messages";
        if (seqs[count - 1] - seqs[0] == count - 1) {
            rows =
                    db.query(
                            columns + " WHERE stream_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
                            PostgresStreamStore::message,
                            streamId,
                            seqs[0],
                            seqs[count - 1]);
        } else {
            long[] wanted = count == seqs.length ? seqs : Arrays.copyOf(seqs, count);
            rows =
                    db.query(
                            columns + " WHERE stream_id = ? AND seq = ANY(?) ORDER BY seq",
                            PostgresStreamStore::message,
                            streamId,
                            wanted);
        }
        // Like the segment log, a message removed after the index was consulted may still be
        // delivered: the read raced with the removal.
        rows.forEach(sink);
    }

    private static StoredMessage message(Row r) {
        return new StoredMessage(
                r.getLong("seq"),
                r.getLong("ts"),
                r.getString("subject"),
                r.getBytes("headers"),
                r.getBytes("payload"));
    }

    // ---- the rest of StreamStore ----

    /**
     * Queues work for the writer's transaction (takes the lock).
     *
     * @param work the SQL
     * @return completed after the commit
     */
    CompletableFuture<Object> write(PostgresStreamWriter.SqlWork work) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        lock.lock();
        try {
            writer.enqueue(new PostgresStreamWriter.Write(work, done));
        } finally {
            lock.unlock();
        }
        return done;
    }

    /**
     * Waits for a queued write (without the lock).
     *
     * @param done the write
     * @param what for the error message
     * @return its result
     * @throws StoreException {@link StoreError#IO} or {@link StoreError#CLOSED} if it failed
     */
    Object await(CompletableFuture<Object> done, String what) {
        if (done == null) {
            return null;
        }
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw new StoreException(
                        se.error(), "stream '" + name() + "': " + what + " failed: " + se, se);
            }
            throw new StoreException(
                    StoreError.IO,
                    "stream '" + name() + "': " + what + " failed: " + e.getCause(),
                    e.getCause());
        }
    }

    @Override
    public byte[] metadata() {
        lock.lock();
        try {
            checkOpen();
        } finally {
            lock.unlock();
        }
        return metadata.clone();
    }

    @Override
    public void metadata(byte[] next) {
        AbstractStreamStore.checkMetadata(next);
        byte[] copy = next.clone();
        CompletableFuture<Object> done;
        lock.lock();
        try {
            checkOpen();
            done =
                    write(
                            (c, id) -> {
                                try (PreparedStatement ps =
                                        c.prepareStatement(
                                                "UPDATE store_streams SET metadata = ? WHERE id = ?")) {
                                    ps.setBytes(1, copy);
                                    ps.setLong(2, id);
                                    return ps.executeUpdate();
                                }
                            });
            metadata = copy;
        } finally {
            lock.unlock();
        }
        await(done, "saving metadata");
    }

    @Override
    public ConsumerStateStore consumers() {
        return consumers;
    }

    @Override
    public void sync() {
        CompletableFuture<Object> done = new CompletableFuture<>();
        lock.lock();
        try {
            checkOpen();
            writer.enqueue(new PostgresStreamWriter.Sync(done));
        } finally {
            lock.unlock();
        }
        await(done, "sync");
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            writer.requestClose();
        } finally {
            lock.unlock();
        }
        boolean interrupted = WriterThreads.join(thread);
        storage.closed(name(), this);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
