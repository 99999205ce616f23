package dev.switchboard.client;

import dev.switchboard.protocol.ProtocolException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A subscription of a {@link Connection}: a subject pattern, optionally in a queue group, with a
 * bounded pending buffer (messages received and not yet handled or taken). Survives reconnects: the
 * client subscribes it again, with the same id, on every new server connection.
 *
 * <p>Thread-safe: any thread may unsubscribe, drain or read the counters.
 */
public interface Subscription extends AutoCloseable {
    /**
     * @return its id on the connection (1..2^31-1)
     */
    int sid();

    /**
     * @return the pattern it was subscribed with
     */
    String pattern();

    /**
     * @return its queue group, if any
     */
    Optional<String> queueGroup();

    /**
     * Ends it now: the server is told, no further message is delivered, and messages pending for a
     * handler are discarded (a pull subscription's buffered messages stay readable). Idempotent.
     */
    void unsubscribe();

    /** Same as {@link #unsubscribe()}. */
    @Override
    default void close() {
        unsubscribe();
    }

    /**
     * Ends it after {@code maxMessages} more messages (the server stops sending then, and the
     * client stops delivering). The remaining count survives reconnects.
     *
     * @param maxMessages how many more, at least 1
     */
    void autoUnsubscribe(long maxMessages);

    /**
     * Stops it gracefully: the server is told to stop sending, messages already on the way are
     * received, pending ones are handled (or, for a pull subscription, wait to be taken), then it
     * ends.
     *
     * @param timeout how long to wait for the pending messages at most
     * @return completes when it has ended; fails with {@link java.util.concurrent.TimeoutException}
     *     if messages were still pending at the timeout (it ends anyway)
     */
    CompletableFuture<Void> drain(Duration timeout);

    /**
     * @return whether it still receives messages
     */
    boolean isActive();

    /**
     * @return the server's refusal (PERMISSION_DENIED, INVALID_SUBJECT, ...) that ended it, if any
     */
    Optional<ProtocolException> error();

    /**
     * @return messages handed to the handler (or taken by {@code next}) so far
     */
    long delivered();

    /**
     * @return messages dropped because the pending limits were full (slow consumer)
     */
    long dropped();

    /**
     * @return messages received and not yet handled or taken
     */
    int pendingMessages();

    /**
     * @return payload bytes received and not yet handled or taken
     */
    long pendingBytes();
}
