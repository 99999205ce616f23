package dev.switchboard.broker.internal.stream;

/**
 * What streams need from the broker's routing: answers, deliveries and interest. Implemented over
 * the broker core; any thread may call it.
 */
public interface StreamOutput {
    /**
     * Publishes a broker answer (an ack, an API reply, a status).
     *
     * @param subject where to: a string, or a reply the broker resolved when the publish arrived
     * @param headers the encoded headers section, possibly empty
     * @param body the payload
     */
    void reply(CharSequence subject, byte[] headers, byte[] body);

    /**
     * Delivers a stored message to the subscribers of {@code routeSubject}, as a MSG carrying the
     * message's own subject.
     *
     * @param routeSubject whose subscribers get it (an inbox, a deliver subject)
     * @param subject the MSG's subject (the message's original one)
     * @param replyTo the MSG's reply subject (the ack subject), or {@code null}; read before this
     *     returns, so the caller may reuse a builder
     * @param headers the encoded headers section
     * @param payload the payload
     * @return how many subscriptions received it
     */
    int deliver(
            String routeSubject,
            String subject,
            CharSequence replyTo,
            byte[] headers,
            byte[] payload);

    /**
     * @param subject a subject
     * @return whether anybody subscribes to it
     */
    boolean hasInterest(String subject);

    /**
     * How much more may be delivered to a subject now: deliveries stop when every client connection
     * subscribed to it has half its outbound bound queued, and go on when one drains.
     *
     * @param subject a subject
     * @return bytes that may still be queued for it (0 or less: none), {@link Long#MAX_VALUE} if no
     *     client subscribes
     */
    long room(String subject);
}
