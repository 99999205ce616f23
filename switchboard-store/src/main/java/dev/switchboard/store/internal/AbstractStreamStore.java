package dev.switchboard.store.internal;

import dev.switchboard.core.Clock;
import dev.switchboard.store.AppendListener;
import dev.switchboard.store.ConsumerStateStore;
import dev.switchboard.store.DiscardPolicy;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoreState;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.store.StreamStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The backend-neutral half of a {@link StreamStore}: argument checks, sequence assignment, limits,
 * removal bookkeeping and the read paths over a {@link StreamIndex}. A backend supplies where the
 * bytes go ({@link #persistMessage}, {@link #persistRemoval}, {@link #persistPurge}) and how held
 * messages that are not in memory are read ({@link #readStored}).
 *
 * <h2>Design note</h2>
 *
 * One {@link ReentrantLock} guards the index and the backend's hand-off: {@link #append} assigns
 * the sequence, enforces the limits and queues the record (and any removal markers) under it, so
 * the log order is the sequence order. Reads take the lock only to find which sequences qualify and
 * where they live; file I/O happens outside it. Limits are enforced by removing and writing
 * markers, never by the replay at recovery, so a later {@link #update} cannot change history.
 */
public abstract class AbstractStreamStore implements StreamStore {
    /** The longest subject, in UTF-8 bytes, any backend must store. */
    public static final int MAX_SUBJECT_BYTES = 65_535;

    /** How many sequences a read collects per lock hold. */
    private static final int READ_BATCH = 4096;

    /** Guards {@link #index}, {@link #config}, {@link #closed} and the backend's queue. */
    protected final ReentrantLock lock = new ReentrantLock();

    /** The bookkeeping, guarded by {@link #lock}. */
    protected final StreamIndex index;

    /** The time source for timestamps and ages. */
    protected final Clock clock;

    private volatile StoreConfig config;

    /** Set once by {@link #close}, under {@link #lock}. */
    protected boolean closed;

    /**
     * @param config the stream's configuration
     * @param index its bookkeeping (recovered, or new)
     * @param clock the time source
     */
    protected AbstractStreamStore(StoreConfig config, StreamIndex index, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.index = Objects.requireNonNull(index, "index");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- backend hooks (called under the lock) ----

    /**
     * Stores an appended message; may call the listener (inline) or queue it.
     *
     * @param message the message, already in the index
     * @param prepared what {@link #prepare} returned for it
     * @param listener told about durability, or {@code null}
     */
    protected abstract void persistMessage(
            StoredMessage message, Object prepared, AppendListener listener);

    /**
     * Does the backend's per-message work that needs no sequence, before the lock is taken (the
     * file backend encodes the record here).
     *
     * @param subjectUtf8 the subject's UTF-8 bytes
     * @param headers the headers
     * @param payload the payload
     * @return passed to {@link #persistMessage}; {@code null} by default
     */
    protected Object prepare(byte[] subjectUtf8, byte[] headers, byte[] payload) {
        return null;
    }

    /**
     * Records the removal of one message.
     *
     * @param sequence the removed sequence
     */
    protected abstract void persistRemoval(long sequence);

    /**
     * Records that every held message below {@code upTo} (on {@code subject}, or all) was removed.
     *
     * @param subject the subject, or {@code null} for all
     * @param upTo the exclusive bound
     */
    protected abstract void persistPurge(String subject, long upTo);

    /**
     * Reads held messages that have no in-memory object. Called without the lock.
     *
     * @param sequences ascending sequences
     * @param count how many of {@code sequences} to read
     * @param sink receives each message found, in order
     */
    protected abstract void readStored(
            long[] sequences, int count, Consumer<? super StoredMessage> sink);

    /**
     * Saves a changed configuration (under the lock).
     *
     * @param next the configuration
     */
    protected abstract void persistConfig(StoreConfig next);

    /**
     * @return the largest accounted message this backend can store
     */
    protected long backendMaxMessageBytes() {
        return Long.MAX_VALUE;
    }

    /**
     * @return the backend's object to keep in the index for a message, or {@code null}
     * @param message the message being appended
     */
    protected Object indexRef(StoredMessage message) {
        return message;
    }

    // ---- writes ----

    @Override
    public StoreConfig config() {
        return config;
    }

    @Override
    public long append(
            String subject,
            byte[] headers,
            byte[] payload,
            long expectedLastSequence,
            AppendListener listener) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(payload, "payload");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("subject must not be empty");
        }
        if (expectedLastSequence < ANY_LAST_SEQUENCE) {
            throw new IllegalArgumentException(
                    "expectedLastSequence must be >= -1, got " + expectedLastSequence);
        }
        byte[] subjectUtf8 = subject.getBytes(StandardCharsets.UTF_8);
        if (subjectUtf8.length > MAX_SUBJECT_BYTES) {
            throw new IllegalArgumentException(
                    "subject of " + subjectUtf8.length + " bytes exceeds " + MAX_SUBJECT_BYTES);
        }
        long accounted =
                StoreConfig.accountedBytes(subjectUtf8.length, headers.length, payload.length);
        Object prepared = prepare(subjectUtf8, headers, payload);
        lock.lock();
        try {
            awaitRoom();
            checkOpen();
            checkWritable();
            StoreConfig c = config;
            long maxSize = c.maxMessageBytes() == -1 ? Long.MAX_VALUE : c.maxMessageBytes();
            maxSize = Math.min(maxSize, backendMaxMessageBytes());
            if (accounted > maxSize) {
                throw new StoreException(
                        StoreError.MESSAGE_TOO_LARGE,
                        "stream '"
                                + c.name()
                                + "': message of "
                                + accounted
                                + " accounted bytes exceeds the limit of "
                                + maxSize);
            }
            if (expectedLastSequence != ANY_LAST_SEQUENCE && expectedLastSequence != index.last()) {
                throw new StoreException(
                        StoreError.WRONG_LAST_SEQUENCE,
                        "stream '"
                                + c.name()
                                + "': expected last sequence "
                                + expectedLastSequence
                                + ", but it is "
                                + index.last());
            }
            checkRoom(c, subject, accounted);
            long seq = index.last() + 1;
            long ts = Math.max(epochNanos(clock.instant()), index.lastTimestamp());
            StoredMessage m = new StoredMessage(seq, ts, subject, headers, payload);
            index.add(seq, ts, subject, (int) Math.min(accounted, Integer.MAX_VALUE), indexRef(m));
            persistMessage(m, prepared, listener);
            enforceSubjectLimit(c, subject);
            enforceStreamLimits(c);
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** For {@link DiscardPolicy#NEW}: refuses a message that would push the stream over a limit. */
    private void checkRoom(StoreConfig c, String subject, long accounted) {
        long freedMessages = 0;
        long freedBytes = 0;
        long perSubject = c.maxMessagesPerSubject();
        if (perSubject != -1 && index.subjectCount(subject) >= perSubject) {
            freedMessages = 1;
            freedBytes = index.size(index.subjectFirst(subject));
        }
        boolean full =
                (c.maxMessages() != -1 && index.messages() - freedMessages + 1 > c.maxMessages())
                        || (c.maxBytes() != -1
                                && index.bytes() - freedBytes + accounted > c.maxBytes());
        if (c.maxBytes() != -1 && accounted > c.maxBytes()) {
            throw new StoreException(
                    c.discard() == DiscardPolicy.NEW
                            ? StoreError.STREAM_FULL
                            : StoreError.MESSAGE_TOO_LARGE,
                    "stream '"
                            + c.name()
                            + "': message of "
                            + accounted
                            + " accounted bytes exceeds maxBytes "
                            + c.maxBytes());
        }
        if (full && c.discard() == DiscardPolicy.NEW) {
            throw new StoreException(
                    StoreError.STREAM_FULL,
                    "stream '"
                            + c.name()
                            + "' is full: "
                            + index.messages()
                            + " messages of max "
                            + c.maxMessages()
                            + ", "
                            + index.bytes()
                            + " bytes of max "
                            + c.maxBytes()
                            + " (discard NEW)");
        }
    }

    private void enforceSubjectLimit(StoreConfig c, String subject) {
        long perSubject = c.maxMessagesPerSubject();
        while (perSubject != -1 && index.subjectCount(subject) > perSubject) {
            long oldest = index.subjectFirst(subject);
            index.remove(oldest);
            persistRemoval(oldest);
            onRemoved();
        }
    }

    private void enforceSubjectLimits(StoreConfig c) {
        if (c.maxMessagesPerSubject() == -1) {
            return;
        }
        for (long last : index.lastBySubject(null)) {
            enforceSubjectLimit(c, index.subject(last));
        }
    }

    /** Removes the oldest messages while the stream is over its message or byte limit. */
    private void enforceStreamLimits(StoreConfig c) {
        long removed = 0;
        while (index.messages() > 0
                && ((c.maxMessages() != -1 && index.messages() > c.maxMessages())
                        || (c.maxBytes() != -1 && index.bytes() > c.maxBytes()))) {
            index.remove(index.first());
            removed++;
        }
        if (removed > 0) {
            persistPurge(null, index.first());
            onRemoved();
        }
    }

    /** Called under the lock after messages were removed; the file backend reclaims segments. */
    protected void onRemoved() {}

    @Override
    public boolean remove(long sequence) {
        lock.lock();
        try {
            checkOpen();
            checkWritable();
            if (!index.remove(sequence)) {
                return false;
            }
            persistRemoval(sequence);
            onRemoved();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long purge(String subject, long upToSequence) {
        lock.lock();
        try {
            checkOpen();
            checkWritable();
            long removed = index.removeUpTo(subject, upToSequence);
            if (removed > 0) {
                persistPurge(subject, upToSequence);
                onRemoved();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long expire() {
        lock.lock();
        try {
            checkOpen();
            return expireLocked(config);
        } finally {
            lock.unlock();
        }
    }

    private long expireLocked(StoreConfig c) {
        if (c.maxAge().isZero()) {
            return 0;
        }
        long cutoff = epochNanos(clock.instant()) - c.maxAge().toNanos();
        long removed = 0;
        // Timestamps never decrease with the sequence, so the expired messages are a prefix.
        while (index.messages() > 0 && index.timestamp(index.first()) <= cutoff) {
            index.remove(index.first());
            removed++;
        }
        if (removed > 0) {
            persistPurge(null, index.first());
            onRemoved();
        }
        return removed;
    }

    @Override
    public void update(StoreConfig next) {
        Objects.requireNonNull(next, "next");
        lock.lock();
        try {
            checkOpen();
            if (!next.name().equals(config.name())) {
                throw new StoreException(
                        StoreError.INVALID_CONFIG,
                        "stream '"
                                + config.name()
                                + "': the name cannot change (to '"
                                + next.name()
                                + "')");
            }
            persistConfig(next);
            config = next;
            applyLimits();
        } finally {
            lock.unlock();
        }
    }

    /** Applies every limit now, whatever the discard policy (under the lock). */
    protected void applyLimits() {
        StoreConfig c = config;
        enforceSubjectLimits(c);
        enforceStreamLimits(c);
        expireLocked(c);
    }

    // ---- reads ----

    @Override
    public StoredMessage get(long sequence) {
        StoredMessage[] found = new StoredMessage[1];
        lock.lock();
        try {
            checkOpen();
            if (!index.held(sequence)) {
                return null;
            }
            Object ref = index.ref(sequence);
            if (ref instanceof StoredMessage m) {
                return m;
            }
        } finally {
            lock.unlock();
        }
        readStored(new long[] {sequence}, 1, m -> found[0] = m);
        return found[0];
    }

    @Override
    public StoredMessage next(long fromSequence, Predicate<String> filter) {
        StoredMessage[] found = new StoredMessage[1];
        scan(fromSequence, 1, filter, m -> found[0] = m);
        return found[0];
    }

    @Override
    public int scan(
            long fromSequence,
            int maxMessages,
            Predicate<String> filter,
            Consumer<? super StoredMessage> sink) {
        Objects.requireNonNull(sink, "sink");
        if (maxMessages < 0) {
            throw new IllegalArgumentException("maxMessages must be >= 0, got " + maxMessages);
        }
        long[] seqs = new long[Math.min(READ_BATCH, Math.max(1, maxMessages))];
        StoredMessage[] inMemory = new StoredMessage[seqs.length];
        int delivered = 0;
        long from = Math.max(1, fromSequence);
        while (delivered < maxMessages) {
            int n;
            lock.lock();
            try {
                checkOpen();
                n =
                        index.collect(
                                from,
                                Long.MAX_VALUE,
                                filter,
                                seqs,
                                Math.min(seqs.length, maxMessages - delivered));
                for (int i = 0; i < n; i++) {
                    inMemory[i] = index.ref(seqs[i]) instanceof StoredMessage m ? m : null;
                }
            } finally {
                lock.unlock();
            }
            if (n == 0) {
                break;
            }
            delivered += deliver(seqs, inMemory, n, sink);
            from = seqs[n - 1] + 1;
        }
        return delivered;
    }

    /** Hands a batch to the sink in order, reading the runs that are not in memory. */
    private int deliver(
            long[] seqs, StoredMessage[] inMemory, int n, Consumer<? super StoredMessage> sink) {
        int[] count = new int[1];
        Consumer<StoredMessage> counted =
                m -> {
                    count[0]++;
                    sink.accept(m);
                };
        int i = 0;
        while (i < n) {
            if (inMemory[i] != null) {
                counted.accept(inMemory[i]);
                inMemory[i] = null;
                i++;
                continue;
            }
            int j = i;
            while (j < n && inMemory[j] == null) {
                j++;
            }
            long[] run = i == 0 ? seqs : java.util.Arrays.copyOfRange(seqs, i, j);
            readStored(run, j - i, counted);
            i = j;
        }
        return count[0];
    }

    @Override
    public long sequenceAtOrAfter(long timestampNanos) {
        lock.lock();
        try {
            checkOpen();
            return index.sequenceAtOrAfter(timestampNanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StoredMessage lastBySubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        long seq;
        lock.lock();
        try {
            checkOpen();
            seq = index.subjectLast(subject);
        } finally {
            lock.unlock();
        }
        return seq == 0 ? null : get(seq);
    }

    @Override
    public long[] lastSequencesBySubject(Predicate<String> filter) {
        lock.lock();
        try {
            checkOpen();
            return index.lastBySubject(filter);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StoreState state() {
        lock.lock();
        try {
            checkOpen();
            long messages = index.messages();
            long first = index.first();
            long last = index.last();
            long deleted = messages == 0 ? 0 : (last - first + 1) - messages;
            return new StoreState(
                    messages,
                    index.bytes(),
                    first,
                    last,
                    messages == 0 ? 0 : index.timestamp(first),
                    index.lastTimestamp(),
                    deleted,
                    index.subjects());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The one check of the metadata limit, for every backend.
     *
     * @param metadata owner metadata about to be stored
     * @return it
     * @throws IllegalArgumentException if it exceeds {@link StreamStore#MAX_METADATA_BYTES}
     */
    public static byte[] checkMetadata(byte[] metadata) {
        if (metadata.length > MAX_METADATA_BYTES) {
            throw new IllegalArgumentException(
                    "metadata of " + metadata.length + " bytes exceeds " + MAX_METADATA_BYTES);
        }
        return metadata;
    }

    /**
     * The one check of a consumer state about to be saved, for every backend.
     *
     * @param consumer the consumer's name
     * @param state its state
     * @return {@code state}
     * @throws IllegalArgumentException if the name is invalid or the state exceeds {@link
     *     ConsumerStateStore#MAX_STATE_BYTES}
     */
    public static byte[] checkConsumerState(String consumer, byte[] state) {
        StoreConfig.checkName(consumer);
        Objects.requireNonNull(state, "state");
        int max = ConsumerStateStore.MAX_STATE_BYTES;
        if (state.length > max) {
            throw new IllegalArgumentException(
                    "consumer state of " + state.length + " bytes exceeds " + max);
        }
        return state;
    }

    /**
     * @throws StoreException {@link StoreError#CLOSED} if closed (call under the lock)
     */
    protected void checkOpen() {
        if (closed) {
            throw new StoreException(StoreError.CLOSED, "stream '" + config.name() + "' is closed");
        }
    }

    /**
     * Waits (under the lock, which it may release while waiting) until the backend can take another
     * append; the default never waits.
     */
    protected void awaitRoom() {}

    /**
     * Refuses writes when the backend cannot take them (under the lock).
     *
     * @throws StoreException if it cannot
     */
    protected void checkWritable() {}

    /**
     * @param instant a wall-clock time
     * @return nanoseconds since the epoch
     */
    public static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
