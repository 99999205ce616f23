package dev.switchboard.store;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One stream's storage: an append-only sequence of messages with limits, removal and reads by
 * sequence, time and subject. Opened by a {@link StorageBackend}.
 *
 * <p>Thread-safe: any thread may append and read. Sequences are assigned in the order of {@link
 * #append} calls (which serialise on an internal lock), and durability is reported in sequence
 * order. Reads see every appended message at once, durable or not.
 *
 * <p>A subject filter is a {@code Predicate<String>} over subjects; {@code null} means all.
 */
public interface StreamStore extends AutoCloseable {
    /** The largest owner metadata a stream keeps ({@link #metadata(byte[])}): 1 MiB. */
    int MAX_METADATA_BYTES = 1 << 20;

    /** For {@link #append}: do not check the stream's last sequence. */
    long ANY_LAST_SEQUENCE = -1;

    /**
     * @return the stream's current configuration
     */
    StoreConfig config();

    /**
     * Appends a message. The sequence is assigned before this returns; the listener is told when
     * the record is durable by the stream's {@link FsyncPolicy} (or that the write failed). Limits
     * are enforced here: per-subject, message-count and byte limits remove the oldest messages or
     * refuse this one, as the {@link DiscardPolicy} says.
     *
     * @param subject the subject (UTF-8, not empty)
     * @param headers the encoded headers section, possibly empty
     * @param payload the payload, possibly empty
     * @param expectedLastSequence the sequence the stream's last message must have (0: the stream
     *     must never have had a message), or {@link #ANY_LAST_SEQUENCE}
     * @param listener told about durability, or {@code null}
     * @return the message's sequence
     * @throws StoreException {@link StoreError#STREAM_FULL}, {@link StoreError#MESSAGE_TOO_LARGE},
     *     {@link StoreError#WRONG_LAST_SEQUENCE} or {@link StoreError#CLOSED}; nothing was appended
     *     and the listener is not called
     */
    long append(
            String subject,
            byte[] headers,
            byte[] payload,
            long expectedLastSequence,
            AppendListener listener);

    /**
     * @param sequence a sequence
     * @return the message held at that sequence, or {@code null} if none is (never appended,
     *     removed or expired)
     */
    StoredMessage get(long sequence);

    /**
     * @param fromSequence where to start (inclusive)
     * @param filter which subjects qualify, or {@code null} for all
     * @return the first held message at or after {@code fromSequence} whose subject qualifies, or
     *     {@code null}
     */
    StoredMessage next(long fromSequence, Predicate<String> filter);

    /**
     * Reads forward in sequence order; the fast path for replay.
     *
     * @param fromSequence where to start (inclusive)
     * @param maxMessages the most messages to hand to the sink
     * @param filter which subjects qualify, or {@code null} for all
     * @param sink receives each qualifying message, on the calling thread
     * @return how many messages the sink received
     */
    int scan(
            long fromSequence,
            int maxMessages,
            Predicate<String> filter,
            Consumer<? super StoredMessage> sink);

    /**
     * @param timestampNanos a time, in nanoseconds since the epoch
     * @return the sequence of the first held message stored at or after that time, or {@code
     *     lastSequence + 1} if none
     */
    long sequenceAtOrAfter(long timestampNanos);

    /**
     * @param subject a subject (not a pattern)
     * @return the newest held message on exactly that subject, or {@code null}
     */
    StoredMessage lastBySubject(String subject);

    /**
     * @param filter which subjects qualify, or {@code null} for all
     * @return the sequence of the newest held message of each qualifying subject, ascending
     */
    long[] lastSequencesBySubject(Predicate<String> filter);

    /**
     * Removes one message (an acknowledged work-queue message, or an operator's delete). The
     * removal is written with the stream's fsync policy but not waited for: after a crash, a
     * removed message may be held again.
     *
     * @param sequence the message's sequence
     * @return whether a held message was removed
     */
    boolean remove(long sequence);

    /**
     * Removes messages.
     *
     * @param subject remove only messages on exactly this subject, or {@code null} for all
     * @param upToSequence remove only messages with a smaller sequence ({@link Long#MAX_VALUE}:
     *     all)
     * @return how many were removed
     */
    long purge(String subject, long upToSequence);

    /**
     * Applies the age limit now, by the backend's clock.
     *
     * @return how many messages were removed
     */
    long expire();

    /**
     * @return a snapshot of the contents
     */
    StoreState state();

    /**
     * Changes the limits and policies (the name cannot change). Tighter limits apply at once.
     *
     * @param next the new configuration
     * @throws StoreException {@link StoreError#INVALID_CONFIG} if the name differs
     */
    void update(StoreConfig next);

    /**
     * @return the owner's opaque metadata saved with the stream (the broker keeps its stream
     *     definition here), possibly empty
     */
    byte[] metadata();

    /**
     * Saves the owner's metadata; durable when this returns.
     *
     * @param metadata the bytes, at most {@link #MAX_METADATA_BYTES}
     * @throws IllegalArgumentException if larger
     */
    void metadata(byte[] metadata);

    /**
     * @return where this stream's consumers keep their state
     */
    ConsumerStateStore consumers();

    /** Makes everything appended so far durable, whatever the fsync policy; blocks until then. */
    void sync();

    /**
     * Writes what is pending, syncs and releases the stream's resources. Appends after this fail
     * with {@link StoreError#CLOSED}. Idempotent.
     */
    @Override
    void close();
}
