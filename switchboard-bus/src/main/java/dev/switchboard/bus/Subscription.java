package dev.switchboard.bus;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A live subscription. Thread-safe: any thread may unsubscribe, drain or read the counters. */
public interface Subscription extends AutoCloseable {

    /**
     * @return the pattern it was subscribed with
     */
    String pattern();

    /**
     * @return its queue group, if any
     */
    Optional<String> queueGroup();

    /**
     * Stops deliveries at once: no new message is accepted, and buffered ones are discarded and
     * counted as {@link DropReason#UNSUBSCRIBED}: at once if no drain run exists, otherwise when
     * the run next takes (a handler call in progress finishes first). Idempotent.
     */
    void unsubscribe();

    /** Same as {@link #unsubscribe()}. */
    @Override
    default void close() {
        unsubscribe();
    }

    /**
     * Stops accepting new messages, processes the buffered ones (retries included), then closes.
     *
     * @return completes when the buffer is empty and no handler call is in progress
     */
    CompletableFuture<Void> drain();

    /**
     * @return whether it still accepts messages
     */
    boolean isActive();

    /**
     * @return a snapshot of its counters
     */
    SubscriptionStats stats();
}
