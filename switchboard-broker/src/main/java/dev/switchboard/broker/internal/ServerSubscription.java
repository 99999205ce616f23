package dev.switchboard.broker.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscription as the router holds it: a connection's (session's) subscription id, or a
 * subscription of the broker itself ({@code $SYS} services), which has no session. Identity is
 * object identity.
 *
 * <p>Thread-safety: immutable but for the delivery counters and the message limit. The exact
 * counter and the limit are atomic/volatile because any event loop may deliver to any subscription;
 * the approximate counter trades exactness for no fence on the hot path.
 */
final class ServerSubscription {
    final Session session;
    final InternalHandler internal;
    final int sid;
    final String pattern;
    final String group;
    final AtomicLong delivered = new AtomicLong(); // exact; counted only under a message limit
    long approxDelivered; // without a limit: racy plain increments from any event loop (stats)
    volatile long maxMessages; // 0 = unlimited

    private ServerSubscription(
            Session session, InternalHandler internal, int sid, String pattern, String group) {
        this.session = session;
        this.internal = internal;
        this.sid = sid;
        this.pattern = pattern;
        this.group = group;
    }

    static ServerSubscription of(Session session, int sid, String pattern, String group) {
        return new ServerSubscription(session, null, sid, pattern, group);
    }

    /**
     * @return messages delivered (exact under a message limit, approximate otherwise)
     */
    long deliveredCount() {
        return delivered.get() + approxDelivered;
    }

    static ServerSubscription internal(String pattern, InternalHandler handler) {
        return new ServerSubscription(null, handler, 0, pattern, null);
    }

    /** Receives messages for the broker's own subscriptions, on the system executor. */
    @FunctionalInterface
    interface InternalHandler {
        /**
         * @param subject the subject published to
         * @param replyTo the reply subject, or {@code null}
         * @param payload the payload
         */
        void onMessage(String subject, String replyTo, byte[] payload);
    }
}
