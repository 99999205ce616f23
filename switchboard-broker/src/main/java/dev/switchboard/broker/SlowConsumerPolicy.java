package dev.switchboard.broker;

import dev.switchboard.protocol.Overflow;

/**
 * What the broker does when a connection's outbound buffer is full because its client reads more
 * slowly than messages arrive. Whatever the policy, every dropped message is counted on the
 * connection, and the first overflow of an episode is announced on {@code
 * $SYS.ADVISORY.SLOW_CONSUMER} naming the connection.
 */
public enum SlowConsumerPolicy {
    /** Close the connection with ERR 401 SLOW_CONSUMER (the client may reconnect). The default. */
    DISCONNECT(Overflow.REFUSE),
    /** Keep the connection; drop the message that does not fit. */
    DROP_NEWEST(Overflow.DROP_NEWEST),
    /** Keep the connection; discard the oldest queued messages to make room. */
    DROP_OLDEST(Overflow.DROP_OLDEST);

    private final Overflow overflow;

    SlowConsumerPolicy(Overflow overflow) {
        this.overflow = overflow;
    }

    /**
     * @return the outbound buffer's overflow behaviour for this policy
     */
    public Overflow overflow() {
        return overflow;
    }
}
