package dev.switchboard.client;

import java.time.Duration;
import java.util.List;

/**
 * Pulls deliveries of a pull consumer ({@link Streams#pullConsumer(String, String)}) in batches:
 * each {@link #fetch} sends one {@code $SYS.API.CONSUMER.NEXT} request and collects what the broker
 * delivers to this consumer's own inbox.
 *
 * <p>Thread-safety: any thread may call it; fetches of one {@code PullConsumer} run one at a time
 * (a second caller waits), so use one per thread for parallel pulls (they may share the durable
 * consumer). Acknowledge messages from any thread.
 */
public interface PullConsumer extends AutoCloseable {
    /**
     * Asks for up to {@code batch} messages and waits until that many arrived, or the broker ended
     * the request with a status (no messages 404, expired 408), or {@code maxWait} plus a short
     * margin passed.
     *
     * @param batch the most messages, at least 1
     * @param maxWait how long the broker keeps the request open; positive
     * @return the messages in delivery order, possibly none
     * @throws dev.switchboard.protocol.stream.StreamApiException if the broker answered with an
     *     error (no such consumer, a push consumer, too many waiting requests), or ended the
     *     request with status 409 (the consumer was deleted or the broker is stopping: {@code
     *     code()} is 409) before any message arrived
     * @throws IllegalStateException if this consumer was closed
     * @throws InterruptedException if interrupted while waiting
     */
    List<StreamMessage> fetch(int batch, Duration maxWait) throws InterruptedException;

    /**
     * Fetches one message.
     *
     * @param maxWait how long to wait; positive
     * @return the message, or {@code null} if none arrived in time
     * @throws InterruptedException if interrupted while waiting
     * @see #fetch(int, Duration)
     */
    default StreamMessage next(Duration maxWait) throws InterruptedException {
        List<StreamMessage> one = fetch(1, maxWait);
        return one.isEmpty() ? null : one.get(0);
    }

    /**
     * @return the stream
     */
    String stream();

    /**
     * @return the consumer
     */
    String consumer();

    /**
     * Ends the inbox subscription. Messages fetched before stay valid and may still be
     * acknowledged; what the broker delivers afterwards is redelivered after its lease. Idempotent.
     */
    @Override
    void close();
}
