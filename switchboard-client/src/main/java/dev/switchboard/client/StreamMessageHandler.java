package dev.switchboard.client;

/**
 * Handles deliveries of a push consumer ({@link Streams#subscribe(String, String,
 * StreamMessageHandler)}).
 *
 * <p>Threads: called on the connection's dispatcher thread, one message at a time, in arrival order
 * (the same thread as every {@link MsgHandler} of the connection, so a slow handler delays the
 * others). A handler that throws is counted in {@link ConnectionStats} and reported once per
 * subscription; the message is not acknowledged, so the broker redelivers it after {@code
 * ack_wait}.
 */
@FunctionalInterface
public interface StreamMessageHandler {
    /**
     * @param message the delivery; acknowledge it with {@link StreamMessage#ack()} (or nak, term,
     *     inProgress), from this thread or any other
     * @throws Exception to have it counted; the message is then redelivered after its lease
     */
    void onMessage(StreamMessage message) throws Exception;
}
