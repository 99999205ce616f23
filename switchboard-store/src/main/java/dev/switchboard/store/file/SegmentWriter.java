package dev.switchboard.store.file;

import dev.switchboard.store.AppendListener;
import dev.switchboard.store.FsyncPolicy;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a stream's segments ({@code sb-store-<stream>}).
 *
 * <h2>Design note: group commit</h2>
 *
 * <pre>
 *  appenders (any thread)             writer thread
 *  ----------------------             -------------
 *  lock; seq = last+1; encode;        lock; wait until queue not empty;
 *  queue.add(record); unlock   --->   swap queue with an empty list; unlock
 *                                     copy every record into one 1 MiB direct buffer
 *                                     (roll the segment where it would overflow);
 *                                     one positional write per buffer-full;
 *                                     publish: lock; sparse index += offsets; drop the
 *                                       in-memory copies (reads now go to the file); unlock
 *                                     ALWAYS: one force(false) for the whole batch
 *                                     call the listeners in sequence order
 * </pre>
 *
 * While the writer forces one batch, the next one accumulates, so N concurrent appenders share one
 * fsync. INTERVAL forces when {@code interval} has passed (by the stream's clock) and calls
 * listeners right after the write; NEVER never forces (except on roll and close). The queue holds
 * at most {@link #MAX_QUEUED_BYTES}; appenders wait for room before taking a sequence.
 *
 * <h2>Design note: writing on the appender's thread</h2>
 *
 * For a one-at-a-time publisher this thread adds only hand-offs to the round trip (a wake-up of
 * tens of microseconds each on a virtual machine: the appender wakes it, and it wakes the
 * connection's event loop to send the ack). When this thread is idle (parked, its queue empty,
 * nothing to reclaim) and the previous append is at least {@link #INLINE_GAP_NANOS} old by the
 * stream's clock, an appender writes its record itself, under the store's lock, and calls its
 * listener there ({@link #tryWriteInline}). Under ALWAYS it also forces the segment first, on its
 * own thread, but only while this thread's last batch held a single record (one publisher waiting
 * for each ack; pipelining publishers fill batches, and a force each on the event loop measured 30×
 * slower for a window of 1024), while the previous force took at most {@link
 * #INLINE_FORCE_MAX_NANOS} (so a slow disk never stalls an event loop for long; the next force on
 * this thread measures it again), and when the record fits in the zero-filled part of the segment
 * (the 2 MiB zero fill stays here). Two wake-ups fewer made a one-at-a-time {@code always}
 * publisher 1.25–1.5× as fast (docs/BENCHMARKS.md, session 12). Appends closer together than that
 * go through the thread as before, so under load records are still written a buffer at a time and
 * share one force (writing each one on its appender's thread measured 2.3× slower for a window of
 * 1024 publishes). An inline write that leaves the segment dirty (under INTERVAL, or a removal
 * marker under ALWAYS) wakes this thread to time the force that follows.
 *
 * <p>The queue is guarded by the stream's lock; everything else here is confined to the writer
 * thread, or to an appender holding the lock while the thread is idle ({@code idle}: set and
 * cleared under the lock around the thread's wait, so the two never touch that state at once).
 */
final class SegmentWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentWriter.class);

    /** Appenders wait while this many bytes are queued. */
    static final long MAX_QUEUED_BYTES = 64L << 20;

    private static final int BUFFER = 1 << 20;

    /**
     * An append this long after the previous one may be written on its own thread: sparser than
     * that, appends are one-at-a-time publishers waiting for their acks (round trips are 25 µs or
     * more here); denser, batching them on this thread is cheaper than a write each.
     */
    static final long INLINE_GAP_NANOS = 20_000;

    /**
     * Under ALWAYS, an appender forces the segment on its own thread only while the previous force
     * took at most this long (by the stream's clock): the appender is usually a broker event loop,
     * which waits for the disk meanwhile. This machine's fdatasync takes 85–300 µs.
     */
    static final long INLINE_FORCE_MAX_NANOS = 1_000_000;

    /**
     * Under ALWAYS, removal markers that no message's force took along are forced this long (by the
     * stream's clock) after the last force: an acknowledged removal (a work-queue ack) reaches the
     * disk within 10 ms, and a stream at its limit, whose every message queues a marker, still pays
     * one fsync per message.
     */
    static final long MARKER_FORCE_NANOS = 10_000_000;

    /**
     * Under fsync {@code always} the active segment is zero-filled this far ahead of the records
     * (as PostgreSQL zero-fills WAL segments): an fdatasync after overwriting blocks that already
     * exist on disk has no file size or block map to commit, which measured 40% faster here for
     * group-commit batches of 40 KB (and ~15% for one small record) than appending.
     */
    static final int PREALLOCATE = 2 << 20;

    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 << 10);

    /** A queued record or command. */
    static final class Pending {
        final byte[] bytes;
        final byte type;
        final long seq;
        final long ts;
        final AppendListener listener;
        final CompletableFuture<Void> sync;

        Pending(byte[] bytes, byte type, long seq, long ts, AppendListener listener) {
            this.bytes = bytes;
            this.type = type;
            this.seq = seq;
            this.ts = ts;
            this.listener = listener;
            this.sync = null;
        }

        Pending(CompletableFuture<Void> sync) {
            this.bytes = null;
            this.type = 0;
            this.seq = 0;
            this.ts = 0;
            this.listener = null;
            this.sync = sync;
        }
    }

    private final FileStreamStore store;
    private final Fsync fsync;
    private final Condition notEmpty;
    private final Condition notFull;

    // Guarded by the store's lock.
    private List<Pending> queue = new ArrayList<>();
    private long queuedBytes;
    private boolean closing;
    private boolean idle; // the thread waits for work; an appender may write in its place
    private boolean timedWait; // the thread's wait ends in time for the next interval force
    private long lastAppendNanos = Long.MIN_VALUE / 2; // by the stream's clock

    // Writer thread only.
    private List<Pending> spare = new ArrayList<>();
    private final List<Pending> unpublished = new ArrayList<>();
    private final List<Long> unpublishedOffsets = new ArrayList<>();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
    private Segment active;
    private long activeEnd;
    private long zeroedEnd; // the active segment's file holds zeros (or records) up to here
    private long lastWritten;
    private boolean dirty;
    private long lastForceNanos;
    private long lastForceTookNanos; // read by an inline appender only while this thread is idle
    private boolean lastBatchSingle = true; // likewise: the last batch held one record
    private volatile Throwable failure;

    SegmentWriter(FileStreamStore store, Segment active, long lastWritten, Fsync fsync) {
        this.store = store;
        this.fsync = fsync;
        this.active = active;
        this.activeEnd = active.size;
        this.zeroedEnd = active.size; // recovery cut any zero tail
        this.lastWritten = lastWritten;
        this.notEmpty = store.lock().newCondition();
        this.notFull = store.lock().newCondition();
        this.lastForceNanos = store.clock().nanoTime();
    }

    /** Queues a record or command; call under the store's lock, after {@link #awaitRoom}. */
    void enqueue(Pending p) {
        queue.add(p);
        queuedBytes += p.bytes == null ? 0 : p.bytes.length;
        if (queue.size() == 1) {
            notEmpty.signal();
        }
    }

    /** Under the store's lock: waits while the queue is full. */
    void awaitRoom() {
        while (queuedBytes > MAX_QUEUED_BYTES && !closing) {
            notFull.awaitUninterruptibly();
        }
    }

    /** Under the store's lock: asks the thread to drain the queue and stop. */
    void requestClose() {
        closing = true;
        notEmpty.signalAll();
        notFull.signalAll();
    }

    /**
     * @return whether the thread waits for work with nothing queued or due (under the store's lock)
     */
    boolean idleWithNothingQueued() {
        return idle && queue.isEmpty() && !closing && !store.maintenanceDue();
    }

    /** Wakes the thread to reclaim dead segments (under the store's lock). */
    void wake() {
        notEmpty.signal();
    }

    /**
     * @return why writing failed, or {@code null}
     */
    Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        while (true) {
            List<Pending> batch;
            boolean exit;
            FsyncPolicy policy;
            store.lock().lock();
            try {
                policy = store.config().fsync();
                idle = true;
                try {
                    while (queue.isEmpty() && !closing && !store.maintenanceDue()) {
                        policy = store.config().fsync();
                        long period = forcePeriodNanos(policy);
                        timedWait = period > 0 && dirty;
                        if (timedWait) {
                            long wait = period - (store.clock().nanoTime() - lastForceNanos);
                            if (wait <= 0) {
                                break;
                            }
                            awaitQuietly(Math.min(wait, period));
                        } else {
                            notEmpty.awaitUninterruptibly();
                        }
                    }
                } finally {
                    idle = false;
                }
                batch = queue;
                queue = spare;
                queuedBytes = 0;
                notFull.signalAll();
                exit = closing;
            } finally {
                store.lock().unlock();
            }
            // An interrupt does not stop this thread (closing does), and left set it would close
            // the segments' channels, which readers share, at every write and force below.
            Thread.interrupted();
            process(batch, policy);
            batch.clear();
            spare = batch;
            if (failure == null) {
                try {
                    store.reclaim(this);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("stream '{}': reclaiming dead segments failed", store.name(), e);
                }
            }
            if (exit) {
                finish();
                return;
            }
        }
    }

    /**
     * How long written data may stay unforced while this thread waits: the interval under INTERVAL;
     * under ALWAYS {@link #MARKER_FORCE_NANOS}, for removal markers alone (messages are forced
     * before they are acknowledged); none under NEVER.
     */
    private static long forcePeriodNanos(FsyncPolicy policy) {
        return switch (policy.mode()) {
            case INTERVAL -> policy.interval().toNanos();
            case ALWAYS -> MARKER_FORCE_NANOS;
            case NEVER -> 0;
        };
    }

    /** Waits on {@code notEmpty}; an interrupt only ends the wait (see {@link #run}). */
    private void awaitQuietly(long nanos) {
        try {
            notEmpty.awaitNanos(nanos);
        } catch (InterruptedException e) {
            // Cleared; the loop looks at the queue and the clock again.
        }
    }

    /**
     * Under the store's lock, on an appending thread, for every message appended: writes it now
     * (and under ALWAYS forces it) if this thread is idle and appends are sparse (see the design
     * note above), then calls its listener (still under the lock, so durability stays reported in
     * sequence order: the thread completes its batches before it goes idle, and the next append
     * waits for this one's lock). A removal marker is written now whenever this thread is idle, and
     * not forced here (nobody waits for it; the next message's force takes it along, else this
     * thread's within {@link #MARKER_FORCE_NANOS}): a stream at its limit queues one after each
     * message, and handing each to this thread was a wake-up per publish.
     *
     * @param p the record
     * @return whether it was written (and completed); if not, {@link #enqueue} it
     */
    boolean tryWriteInline(Pending p) {
        FsyncPolicy.Mode mode = store.config().fsync().mode();
        boolean message = p.type == RecordCodec.MESSAGE;
        if (message) {
            long now = store.clock().nanoTime();
            long gap = now - lastAppendNanos;
            lastAppendNanos = now;
            if (gap < INLINE_GAP_NANOS
                    || (mode == FsyncPolicy.Mode.ALWAYS
                            && (!lastBatchSingle || lastForceTookNanos > INLINE_FORCE_MAX_NANOS))) {
                return false;
            }
        }
        if (!idle
                || (mode == FsyncPolicy.Mode.ALWAYS && activeEnd + p.bytes.length > zeroedEnd)
                || !queue.isEmpty()
                || closing
                || failure != null
                || Thread.currentThread().isInterrupted() // its I/O would close the channel first
                || store.maintenanceDue()
                || p.bytes.length > buf.capacity()
                || activeEnd + p.bytes.length > store.config().segmentBytes()) {
            return false; // rolls, large records and everything under load stay on the thread
        }
        try {
            stage(p);
            buf.put(p.bytes);
            flush();
            if (message && mode == FsyncPolicy.Mode.ALWAYS) {
                force(); // a marker waits for a later force (see MARKER_FORCE_NANOS)
            }
            if (message) {
                // The next append's gap counts from here: records that queued up on this thread's
                // connections meanwhile (during a force above all) are dense, and go to the
                // writer.
                lastAppendNanos = store.clock().nanoTime();
            }
        } catch (Throwable e) {
            failed(e);
            // Reported by the thread, after append() returns, as every other write failure is
            // (the broker records a message id only once append() returns, then forgets it on
            // failure).
            return false;
        }
        if (mode != FsyncPolicy.Mode.NEVER && dirty && !timedWait) {
            notEmpty.signal(); // the thread times the next force from this unforced write
        }
        complete(p, null);
        return true;
    }

    private void process(List<Pending> batch, FsyncPolicy policy) {
        int completed = 0;
        try {
            if (failure != null) {
                throw failure instanceof IOException io ? io : new IOException(failure);
            }
            int messages = 0;
            for (Pending p : batch) {
                if (p.sync != null) {
                    flush();
                    force();
                    continue;
                }
                if (p.type == RecordCodec.MESSAGE) {
                    messages++;
                }
                int len = p.bytes.length;
                long used = activeEnd + buf.position();
                if (used > 0 && used + len > store.config().segmentBytes()) {
                    roll();
                }
                if (buf.remaining() < len) {
                    flush();
                }
                stage(p);
                if (len > buf.capacity()) {
                    writeFully(ByteBuffer.wrap(p.bytes));
                    publish();
                } else {
                    buf.put(p.bytes);
                }
            }
            if (messages > 0) {
                // Only messages say how publishers send: markers and commands follow them.
                lastBatchSingle = messages == 1;
            }
            flush();
            // Under ALWAYS a batch of removal markers alone is forced only once MARKER_FORCE_NANOS
            // have passed since the last force (the thread's timed wait forces them then): nobody
            // waits for them, and the next message's force usually takes them along first. A
            // stream at its limit queues a purge marker after each message, which a one-at-a-time
            // publisher's inline force has just made durable: forcing the marker on its own was
            // a second fsync per publish.
            long sinceForce = store.clock().nanoTime() - lastForceNanos;
            if ((policy.mode() == FsyncPolicy.Mode.ALWAYS && messages > 0)
                    || (policy.mode() != FsyncPolicy.Mode.NEVER
                            && sinceForce >= forcePeriodNanos(policy))) {
                force();
            }
            for (Pending p : batch) {
                complete(p, null);
                completed++;
            }
        } catch (Throwable t) {
            failed(t);
            for (int i = completed; i < batch.size(); i++) {
                complete(batch.get(i), failure);
            }
        }
    }

    /** Seals a record and notes where it will sit; the caller puts or writes its bytes next. */
    private void stage(Pending p) {
        RecordCodec.seal(p.bytes);
        unpublished.add(p);
        unpublishedOffsets.add(activeEnd + buf.position());
    }

    /** A write failed: appends fail from now on, and nothing staged is published. */
    private void failed(Throwable t) {
        if (failure == null) {
            failure = t;
            LOG.error(
                    "stream '{}': writing segment {} failed; appends now fail",
                    store.name(),
                    active.log,
                    t);
        }
        unpublished.clear();
        unpublishedOffsets.clear();
        buf.clear();
    }

    private void complete(Pending p, Throwable error) {
        try {
            if (p.sync != null) {
                if (error == null) {
                    p.sync.complete(null);
                } else {
                    p.sync.completeExceptionally(error);
                }
            } else if (p.listener != null) {
                p.listener.completed(p.seq, error);
            }
        } catch (RuntimeException e) {
            LOG.warn("stream '{}': an append listener threw", store.name(), e);
        }
    }

    /** Writes the buffer and makes its records readable from the file. */
    private void flush() throws IOException {
        if (buf.position() > 0) {
            buf.flip();
            writeFully(buf);
            buf.clear();
        }
        publish();
    }

    private void writeFully(ByteBuffer b) throws IOException {
        preallocate(activeEnd + b.remaining());
        active.io(
                ch -> {
                    while (b.hasRemaining()) {
                        activeEnd += ch.write(b, activeEnd);
                    }
                },
                true);
        dirty = true;
    }

    /**
     * Under fsync {@code always}: makes sure the file holds written blocks up to {@code end},
     * zero-filling the next {@link #PREALLOCATE} bytes (never past the segment size) when it does
     * not. The zeros reach the disk with the next force; recovery takes a zero tail for the end of
     * the records, and closing or rolling the segment cuts it.
     */
    private void preallocate(long end) throws IOException {
        if (end <= zeroedEnd
                || store.config().fsync().mode() != FsyncPolicy.Mode.ALWAYS
                || zeroedEnd >= store.config().segmentBytes()) {
            return;
        }
        long target =
                Math.min(store.config().segmentBytes(), Math.max(end, zeroedEnd) + PREALLOCATE);
        long[] at = {Math.max(zeroedEnd, activeEnd)};
        active.io(
                ch -> {
                    while (at[0] < target) {
                        ByteBuffer z = ZEROS.duplicate();
                        z.limit((int) Math.min(z.capacity(), target - at[0]));
                        at[0] += ch.write(z, at[0]);
                    }
                },
                true);
        zeroedEnd = target;
    }

    /** Cuts the zero-filled tail off the active segment, leaving exactly its records. */
    private void cutPreallocated() throws IOException {
        if (zeroedEnd > activeEnd) {
            active.io(ch -> ch.truncate(activeEnd), true);
            dirty = true; // the next force makes the cut durable too
        }
        zeroedEnd = activeEnd;
    }

    private void publish() {
        if (unpublished.isEmpty()) {
            return;
        }
        store.lock().lock();
        try {
            for (int i = 0; i < unpublished.size(); i++) {
                Pending p = unpublished.get(i);
                if (p.type == RecordCodec.MESSAGE) {
                    active.addMessage(p.seq, unpublishedOffsets.get(i), p.ts);
                    store.index().clearRef(p.seq);
                    lastWritten = p.seq;
                }
            }
            active.size = activeEnd;
        } finally {
            store.lock().unlock();
        }
        unpublished.clear();
        unpublishedOffsets.clear();
    }

    private void force() throws IOException {
        if (dirty) {
            long start = store.clock().nanoTime();
            active.io(fsync::force, true);
            dirty = false;
            lastForceNanos = store.clock().nanoTime();
            lastForceTookNanos = lastForceNanos - start;
        } else {
            lastForceNanos = store.clock().nanoTime();
        }
    }

    /** Closes the active segment (forced, indexed) and starts the next, named lastWritten + 1. */
    void roll() throws IOException {
        flush();
        if (activeEnd == 0) {
            return;
        }
        cutPreallocated();
        force();
        Segment old = active;
        writeIndex(old);
        long base = lastWritten + 1;
        FileChannel ch =
                FileChannel.open(
                        store.dir().resolve(Segment.name(base) + ".log"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        Segment next = new Segment(store.dir(), base, ch);
        if (store.config().fsync().mode() == FsyncPolicy.Mode.ALWAYS) {
            AtomicFiles.syncDirectory(store.dir());
        }
        store.lock().lock();
        try {
            store.segments().put(base, next);
            store.reclaimIfDead(); // removals may have emptied the segment just closed
        } finally {
            store.lock().unlock();
        }
        active = next;
        activeEnd = 0;
        zeroedEnd = 0;
    }

    private void writeIndex(Segment s) throws IOException {
        byte[] bytes;
        store.lock().lock();
        try {
            bytes = SegmentIndexFile.encode(s.indexContents());
        } finally {
            store.lock().unlock();
        }
        AtomicFiles.write(s.idx, bytes, store.config().fsync().mode() == FsyncPolicy.Mode.ALWAYS);
    }

    /**
     * @return the segment being written (writer thread, or after the thread ended)
     */
    Segment active() {
        return active;
    }

    /**
     * @return the bytes written to the active segment (writer thread)
     */
    long activeEnd() {
        return activeEnd;
    }

    /** Drains, forces and indexes the active segment; the last thing the thread does. */
    private void finish() {
        if (failure != null) {
            return;
        }
        try {
            flush();
            cutPreallocated();
            force();
            writeIndex(active);
        } catch (IOException e) {
            LOG.warn("stream '{}': closing segment {} failed", store.name(), active.log, e);
        }
    }

    /** Deletes segment files (writer thread). */
    void delete(List<Segment> dead) throws IOException {
        for (Segment s : dead) {
            s.close();
            Files.deleteIfExists(s.log);
            Files.deleteIfExists(s.idx);
        }
        if (!dead.isEmpty() && store.config().fsync().mode() != FsyncPolicy.Mode.NEVER) {
            AtomicFiles.syncDirectory(store.dir());
        }
    }

    /**
     * @return a sync command's failure as the store reports it
     */
    static StoreException ioFailure(String stream, Throwable cause) {
        return new StoreException(
                StoreError.IO, "stream '" + stream + "': writing failed: " + cause, cause);
    }
}
