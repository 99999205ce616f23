package dev.switchboard.store.file;

import dev.switchboard.core.Clock;
import dev.switchboard.store.AppendListener;
import dev.switchboard.store.ConsumerStateStore;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.store.internal.AbstractStreamStore;
import dev.switchboard.store.internal.StreamIndex;
import dev.switchboard.store.internal.WriterThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A stream in a directory of segment files (docs/STORAGE.md). Appends go to a {@link SegmentWriter}
 * thread; reads are served from the in-memory copies of records not yet written, else by large
 * positional reads of the segment that holds them, starting at its sparse index.
 *
 * <p>Thread-safe. The lock guards the index, the segment map and each segment's published size and
 * sparse index; file reads happen outside it.
 */
final class FileStreamStore extends AbstractStreamStore {
    static final String METADATA = "metadata.bin";
    static final String CONSUMERS = "consumers";
    private static final byte[] EMPTY = new byte[0];

    /** The most a read of many messages reads at a time. */
    private static final int READ_CHUNK = 1 << 20;

    /**
     * The lent read buffer's size: a consumer's read-ahead of small messages fits (256 of 1 KiB); a
     * larger range is read through it in pieces of this size.
     */
    private static final int READ_BUFFER = 256 << 10;

    private final FileStorage storage;
    private final Path dir;
    private final TreeMap<Long, Segment> segments;
    private final SegmentWriter writer;
    private final Thread thread;
    private final FileConsumerStateStore consumers;
    private volatile byte[] metadata;
    // A direct buffer for reads, lent to one reader at a time (the stream's consumers read on its
    // one thread); a reader that finds it lent scans with a buffer of its own.
    private final AtomicReference<ByteBuffer> readBuffer = new AtomicReference<>();
    private final AtomicBoolean readBufferMade = new AtomicBoolean();
    private volatile boolean maintenance;

    FileStreamStore(
            FileStorage storage,
            Path dir,
            StoreConfig config,
            Recovery.Result recovered,
            Clock clock,
            Fsync fsync)
            throws IOException {
        super(config, recovered.index(), clock);
        this.storage = storage;
        this.dir = dir;
        this.segments = recovered.segments();
        Path meta = dir.resolve(METADATA);
        this.metadata = Files.exists(meta) ? Files.readAllBytes(meta) : EMPTY;
        this.consumers = new FileConsumerStateStore(dir.resolve(CONSUMERS), this::durable);
        Segment active = segments.lastEntry().getValue();
        this.writer = new SegmentWriter(this, active, recovered.index().last(), fsync);
        this.thread = new Thread(writer, "sb-store-" + config.name());
        thread.setDaemon(true);
        lock.lock();
        try {
            // A crash may have lost removal markers written after their messages.
            applyLimits();
        } finally {
            lock.unlock();
        }
        maintenance = true;
        thread.start();
    }

    // ---- what the writer uses ----

    ReentrantLock lock() {
        return lock;
    }

    Clock clock() {
        return clock;
    }

    StreamIndex index() {
        return index;
    }

    Map<Long, Segment> segments() {
        return segments;
    }

    Path dir() {
        return dir;
    }

    String name() {
        return config().name();
    }

    boolean maintenanceDue() {
        return maintenance;
    }

    /**
     * @return whether the writer thread waits for work with nothing queued or due (for tests)
     */
    boolean writerIdle() {
        lock.lock();
        try {
            return writer.idleWithNothingQueued();
        } finally {
            lock.unlock();
        }
    }

    private boolean durable() {
        return config().fsync().mode() == dev.switchboard.store.FsyncPolicy.Mode.ALWAYS;
    }

    /**
     * Writer thread: deletes the closed segments all of whose messages are gone. Only a prefix of
     * segments can go, because a later segment may hold removal markers for earlier ones. An active
     * segment with nothing held is rolled first, so it can go too.
     */
    void reclaim(SegmentWriter w) throws IOException {
        if (!maintenance) {
            return;
        }
        boolean empty;
        lock.lock();
        try {
            maintenance = false;
            empty = index.messages() == 0;
        } finally {
            lock.unlock();
        }
        if (empty && w.activeEnd() > 0) {
            w.roll();
        }
        List<Segment> dead = new ArrayList<>();
        lock.lock();
        try {
            for (Segment s : segments.values()) {
                if (s == w.active() || s.coverEnd() >= index.first()) {
                    break;
                }
                dead.add(s);
            }
            for (Segment s : dead) {
                segments.remove(s.base);
                s.deleted = true;
            }
        } finally {
            lock.unlock();
        }
        w.delete(dead);
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
            throw SegmentWriter.ioFailure(name(), f);
        }
    }

    @Override
    protected long backendMaxMessageBytes() {
        return RecordCodec.MAX_RECORD - RecordCodec.OVERHEAD;
    }

    @Override
    protected Object prepare(byte[] subjectUtf8, byte[] headers, byte[] payload) {
        return RecordCodec.encodeUnsealed(subjectUtf8, headers, payload);
    }

    @Override
    protected void persistMessage(StoredMessage m, Object prepared, AppendListener listener) {
        byte[] rec = (byte[]) prepared;
        RecordCodec.stamp(rec, m.sequence(), m.timestampNanos());
        SegmentWriter.Pending p =
                new SegmentWriter.Pending(
                        rec, RecordCodec.MESSAGE, m.sequence(), m.timestampNanos(), listener);
        if (!writer.tryWriteInline(p)) {
            writer.enqueue(p);
        }
    }

    @Override
    protected void persistRemoval(long sequence) {
        marker(RecordCodec.REMOVE, sequence, EMPTY);
    }

    @Override
    protected void persistPurge(String subject, long upTo) {
        marker(
                RecordCodec.PURGE,
                upTo,
                subject == null ? EMPTY : subject.getBytes(StandardCharsets.UTF_8));
    }

    private void marker(byte type, long seq, byte[] subject) {
        long now = epochNanos(clock.instant());
        SegmentWriter.Pending p =
                new SegmentWriter.Pending(
                        RecordCodec.encode(type, seq, now, subject, EMPTY, EMPTY),
                        type,
                        seq,
                        now,
                        null);
        if (!writer.tryWriteInline(p)) {
            writer.enqueue(p);
        }
    }

    /**
     * Wakes the writer to reclaim space only when removals left something to reclaim: the whole
     * stream empty (its active segment is rolled so it can go), or the oldest segment holding no
     * message any more. A stream at its message limit removes one message per append, and waking
     * the writer for each was a thread hand-off per publish for nothing.
     */
    @Override
    protected void onRemoved() {
        if (index.messages() == 0 || firstSegmentDead()) {
            maintenance = true;
            writer.wake();
        }
    }

    /**
     * Under the lock, on the writer thread after a roll: the segment just closed may hold only
     * messages removed while it was active; if so, the writer reclaims it after this batch.
     */
    void reclaimIfDead() {
        if (firstSegmentDead()) {
            maintenance = true;
        }
    }

    /** Under the lock: whether the oldest segment, not the one written, holds no message. */
    private boolean firstSegmentDead() {
        if (segments.size() < 2) {
            return false;
        }
        return segments.firstEntry().getValue().coverEnd() < index.first();
    }

    @Override
    protected void persistConfig(StoreConfig next) {
        try {
            AtomicFiles.write(dir.resolve(ConfigFile.NAME), ConfigFile.encode(next), true);
        } catch (IOException e) {
            throw new StoreException(
                    StoreError.IO,
                    "stream '" + name() + "': saving the configuration failed: " + e,
                    e);
        }
    }

    @Override
    protected void readStored(long[] seqs, int count, Consumer<? super StoredMessage> sink) {
        RecordCodec.SubjectCache subjects = new RecordCodec.SubjectCache(); // one per read
        ByteBuffer buffer = readBuffer.getAndSet(null);
        if (buffer == null && !readBufferMade.getAndSet(true)) {
            buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        }
        try {
            readStored(seqs, count, subjects, buffer, sink);
        } finally {
            if (buffer != null) {
                readBuffer.set(buffer);
            }
        }
    }

    private void readStored(
            long[] seqs,
            int count,
            RecordCodec.SubjectCache subjects,
            ByteBuffer buffer,
            Consumer<? super StoredMessage> sink) {
        int i = 0;
        while (i < count) {
            Segment s;
            long start;
            long end;
            int j;
            lock.lock();
            try {
                Map.Entry<Long, Segment> e = segments.floorEntry(seqs[i]);
                if (e == null) {
                    i++;
                    continue;
                }
                s = e.getValue();
                Long nextBase = segments.higherKey(s.base);
                j = i;
                while (j < count && (nextBase == null || seqs[j] < nextBase)) {
                    j++;
                }
                start = s.floorOffset(seqs[i]);
                end = Math.min(s.size, s.ceilingOffset(seqs[j - 1]));
            } finally {
                lock.unlock();
            }
            readSegment(s, start, end, seqs, i, j, subjects, buffer, sink);
            i = j;
        }
    }

    private void readSegment(
            Segment s,
            long start,
            long end,
            long[] seqs,
            int from,
            int to,
            RecordCodec.SubjectCache subjects,
            ByteBuffer buffer,
            Consumer<? super StoredMessage> sink) {
        int[] k = {from};
        long[] next = {
            start
        }; // where a scan resumes on a channel another reader's interrupt closed
        int chunk = to - from == 1 ? 64 << 10 : READ_CHUNK;
        try {
            s.io(
                    ch ->
                            SegmentScanner.scan(
                                    ch,
                                    next[0],
                                    end,
                                    chunk,
                                    buffer,
                                    (b, pos, total, offset) -> {
                                        next[0] = offset + total;
                                        if (RecordCodec.type(b, pos) != RecordCodec.MESSAGE) {
                                            return null;
                                        }
                                        long seq = RecordCodec.sequence(b, pos);
                                        while (k[0] < to && seqs[k[0]] < seq) {
                                            k[0]++; // removed meanwhile, or lost
                                        }
                                        if (k[0] < to && seqs[k[0]] == seq) {
                                            sink.accept(
                                                    RecordCodec.decode(b, pos, total, subjects));
                                            k[0]++;
                                        }
                                        return k[0] >= to ? SegmentScanner.STOP : null;
                                    }),
                    false);
        } catch (IOException e) {
            if (!s.deleted) {
                throw new StoreException(
                        StoreError.IO,
                        "stream '" + name() + "': reading " + s.log + " failed: " + e,
                        e);
            }
            // The segment was deleted under us: its messages were removed meanwhile.
        }
    }

    // ---- the rest of StreamStore ----

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
        lock.lock();
        try {
            checkOpen();
            AtomicFiles.write(dir.resolve(METADATA), next, true);
            metadata = next.clone();
        } catch (IOException e) {
            throw new StoreException(
                    StoreError.IO, "stream '" + name() + "': saving metadata failed: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ConsumerStateStore consumers() {
        return consumers;
    }

    @Override
    public void sync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            checkOpen();
            writer.enqueue(new SegmentWriter.Pending(done));
        } finally {
            lock.unlock();
        }
        try {
            done.join();
        } catch (CompletionException e) {
            throw SegmentWriter.ioFailure(name(), e.getCause());
        }
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
        lock.lock();
        try {
            for (Segment s : segments.values()) {
                s.deleted = true;
                s.close();
            }
        } finally {
            lock.unlock();
        }
        storage.closed(name(), this);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
