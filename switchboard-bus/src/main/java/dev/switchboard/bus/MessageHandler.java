package dev.switchboard.bus;

/**
 * Receives messages of one subscription. Called by the thread that {@link
 * SubscriptionOptions#deliveryMode()} names: the publishing thread ({@link DeliveryMode#CALLER}), a
 * thread of the given executor, or a virtual thread. Calls for one subscription never overlap and
 * see messages in buffer order (priority, then arrival).
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles one delivery.
     *
     * @param delivery the message and a way to reply
     * @throws Exception to have the message retried by the subscription's {@link RetryPolicy} and
     *     then dead-lettered
     */
    void onMessage(Delivery delivery) throws Exception;
}
