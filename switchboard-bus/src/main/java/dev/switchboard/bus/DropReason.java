package dev.switchboard.bus;

/** Why a subscription did not deliver a message. Every drop is counted under one reason. */
public enum DropReason {
    /** The buffer was full and the policy was {@link OverflowPolicy#DROP_NEWEST}. */
    BUFFER_FULL,
    /** The buffer stayed full for the whole {@link OverflowPolicy#BLOCK} timeout. */
    BLOCK_TIMEOUT,
    /** Evicted to make room by {@link OverflowPolicy#DROP_OLDEST}. */
    EVICTED_OLDEST,
    /** The buffer was full and the message went to the dead-letter subject. */
    OVERFLOW_DEAD_LETTERED,
    /** Its TTL had passed when it was offered or taken from the buffer. */
    EXPIRED,
    /** The handler kept throwing; the message went to the dead-letter subject. */
    HANDLER_FAILED,
    /** Discarded from the buffer by {@link Subscription#unsubscribe()} or bus close. */
    UNSUBSCRIBED
}
