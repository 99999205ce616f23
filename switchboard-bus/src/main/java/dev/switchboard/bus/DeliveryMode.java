package dev.switchboard.bus;

/**
 * Which thread runs a subscription's handler. In every mode one subscription's handler calls never
 * overlap: a serial drain loop takes messages from the buffer one at a time.
 */
public enum DeliveryMode {
    /**
     * On the publishing thread, inside {@link MessageBus#publish}. If another publisher is already
     * draining the subscription, the message is left for that thread. Retries after a backoff run
     * on the bus's timer thread.
     */
    CALLER,
    /**
     * On {@link SubscriptionOptions#executor()} if set, else the bus's default executor; one drain
     * task per subscription at a time.
     */
    EXECUTOR,
    /**
     * On a new virtual thread per drain run (a run handles every message buffered by then), so
     * handlers may block cheaply while order is kept.
     */
    VIRTUAL_THREAD
}
