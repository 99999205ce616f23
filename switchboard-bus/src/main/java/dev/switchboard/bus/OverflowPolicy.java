package dev.switchboard.bus;

/** What a subscription does with a message offered while its buffer is full. */
public enum OverflowPolicy {
    /**
     * The publisher waits for room up to {@link SubscriptionOptions#blockTimeout()} (measured by
     * the bus clock), then the message is dropped as {@link DropReason#BLOCK_TIMEOUT}. A handler
     * publishing to its own full subscription does not wait (it would wait for itself).
     */
    BLOCK,
    /** The new message is dropped ({@link DropReason#BUFFER_FULL}). */
    DROP_NEWEST,
    /**
     * The oldest buffered message (the earliest offered, whatever its priority) is dropped ({@link
     * DropReason#EVICTED_OLDEST}) and the new one is buffered.
     */
    DROP_OLDEST,
    /**
     * The new message is published to the subscription's dead-letter subject with header {@link
     * DeadLetters#REASON} {@code overflow} ({@link DropReason#OVERFLOW_DEAD_LETTERED}).
     */
    DEAD_LETTER
}
