package dev.switchboard.bus.spi;

import dev.switchboard.bus.PublishResult;
import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Message;

/** What a subscription needs from its bus. Implemented by the bus; thread-safe. */
public interface BusHost {

    /**
     * @return the bus clock
     */
    Clock clock();

    /**
     * @param message a message (a reply, a dead letter)
     * @param replyTo its reply subject or {@code null}
     * @return the result
     */
    PublishResult publish(Message message, String replyTo);

    /**
     * @param dueNanos when, on the clock's {@code nanoTime()} scale
     * @param action what to run then, on the bus's timer thread
     */
    void schedule(long dueNanos, Runnable action);

    /**
     * Removes a subscription from routing; called once per subscription.
     *
     * @param subscription the subscription
     */
    void detach(BusSubscription subscription);
}
