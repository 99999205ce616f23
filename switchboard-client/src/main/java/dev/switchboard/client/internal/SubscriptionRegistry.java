package dev.switchboard.client.internal;

import dev.switchboard.client.Connection.Status;
import dev.switchboard.client.ConnectionClosedException;
import dev.switchboard.client.MsgHandler;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.client.Subscription;
import dev.switchboard.core.message.Subjects;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolLimits;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The subscriptions of a {@link ClientConnection}: subscription ids, the table the I/O thread
 * routes MSGs by, the reply inbox and the handler dispatcher.
 *
 * <p>Threads. The table is a concurrent map: application threads add and remove, the I/O thread
 * reads (and removes on auto-unsubscribe or a per-subscription ERR). Making a subscription and
 * putting it in the table happen under the connection's {@link ClientConnection#lock}, so the
 * reconnect's resubscription (also under the lock) either sees it or it is sent afterwards by
 * {@link OutboundPath#sendControl}; the SUB itself is sent outside the lock.
 */
final class SubscriptionRegistry {
    private final ClientConnection conn;
    final ConcurrentHashMap<Integer, AbstractSubscription> subs = new ConcurrentHashMap<>();
    private final AtomicInteger nextSid = new AtomicInteger();

    // Guarded by the connection's lock.
    private InboxSubscription inbox;
    volatile Dispatcher dispatcher;
    private AbstractSubscription lastSub; // I/O thread only: the last MSG's subscription

    SubscriptionRegistry(ClientConnection conn) {
        this.conn = conn;
    }

    private int newSid() {
        int s;
        do {
            s = nextSid.updateAndGet(x -> x == Integer.MAX_VALUE ? 1 : x + 1);
        } while (subs.containsKey(s));
        return s;
    }

    private void checkPattern(String pattern, SubscribeOptions o) {
        Subjects.requireValidPattern(pattern);
        Objects.requireNonNull(o, "options");
        ProtocolLimits l = conn.limits;
        OutboundPath.checkSubjectBytes("pattern", pattern, l);
        OutboundPath.checkSubjectBytes("queue group", o.queueGroup().orElse(null), l);
    }

    private void ensureSubscribable(String pattern) {
        Status s = conn.status;
        if (s == Status.CLOSED || s == Status.DRAINING) {
            throw new ConnectionClosedException(
                    "cannot subscribe to '" + pattern + "': the connection is " + s);
        }
    }

    Subscription subscribe(String pattern, SubscribeOptions options, MsgHandler handler) {
        Objects.requireNonNull(handler, "handler");
        checkPattern(pattern, options);
        HandlerSubscription sub;
        conn.lock.lock();
        try {
            ensureSubscribable(pattern);
            if (dispatcher == null && !options.inline()) {
                dispatcher = new Dispatcher(conn.name);
            }
            sub =
                    new HandlerSubscription(
                            conn,
                            newSid(),
                            pattern,
                            options,
                            handler,
                            options.inline() ? null : dispatcher);
            subs.put(sub.sid(), sub);
        } finally {
            conn.lock.unlock();
        }
        conn.outbound.sendControl(sub, sub.subFrame(), true);
        return sub;
    }

    PullSubscriptionImpl subscribe(String pattern, SubscribeOptions options) {
        checkPattern(pattern, options);
        PullSubscriptionImpl sub;
        conn.lock.lock();
        try {
            ensureSubscribable(pattern);
            sub = new PullSubscriptionImpl(conn, newSid(), pattern, options);
            subs.put(sub.sid(), sub);
        } finally {
            conn.lock.unlock();
        }
        conn.outbound.sendControl(sub, sub.subFrame(), true);
        return sub;
    }

    /** From a subscription: UNSUB now (max 0, and forget it) or after {@code max} messages. */
    void unsubscribe(AbstractSubscription sub, long max) {
        if (max == 0) {
            subs.remove(sub.sid(), sub);
        }
        conn.outbound.sendControl(sub, new Frame.Unsub(sub.sid(), max), false);
    }

    /** I/O thread: the subscription reached its auto-unsubscribe count. */
    void forget(AbstractSubscription sub) {
        subs.remove(sub.sid(), sub);
    }

    /** The reply inbox of request/reply, made and sent on first use. */
    AbstractSubscription ensureInbox() {
        InboxSubscription in;
        conn.lock.lock();
        try {
            if (conn.status == Status.CLOSED) {
                throw new ConnectionClosedException("cannot send a request: closed");
            }
            if (inbox == null) {
                inbox = new InboxSubscription(conn, newSid(), conn.requests);
                subs.put(inbox.sid(), inbox);
            }
            in = inbox;
        } finally {
            conn.lock.unlock();
        }
        conn.outbound.sendControl(in, in.subFrame(), true);
        return in;
    }

    /**
     * Adds a subscription the client uses itself (the streams' ack inbox, a pull consumer's inbox):
     * sent in order with the publishes and again after every reconnect.
     *
     * @param factory makes it from a fresh subscription id
     * @param <T> its type
     * @return it
     * @throws ConnectionClosedException if the connection is closed
     */
    <T extends AbstractSubscription> T addInternalSubscription(IntFunction<T> factory) {
        T sub;
        conn.lock.lock();
        try {
            if (conn.status == Status.CLOSED) {
                throw new ConnectionClosedException("cannot subscribe: closed");
            }
            sub = factory.apply(newSid());
            subs.put(sub.sid(), sub);
        } finally {
            conn.lock.unlock();
        }
        conn.outbound.sendControl(sub, sub.subFrame(), true);
        return sub;
    }

    /** I/O thread: hands a MSG to its subscription (or drops it if there is none). */
    void route(Frame.Msg m) {
        AbstractSubscription sub = lastSub;
        if (sub == null || sub.sid() != m.sid()) {
            sub = subs.get(m.sid());
            lastSub = sub; // a removed subscription is ENDING or CLOSED and drops what comes
        }
        if (sub != null) {
            sub.onMsg(m);
        }
        // else: just unsubscribed; drop silently
    }

    /** I/O thread: the server refused subscription {@code sid}; it ends with that error. */
    void refused(int sid, ProtocolException pe) {
        AbstractSubscription sub = subs.remove(sid);
        if (sub != null) {
            if (sub == inbox) {
                conn.lock.lock();
                try {
                    inbox = null;
                } finally {
                    conn.lock.unlock();
                }
                conn.requests.failAll(pe);
            }
            sub.closeNow(pe);
        }
    }

    /** On close: ends every subscription at once and empties the table. */
    void closeAll() {
        for (AbstractSubscription sub : List.copyOf(subs.values())) {
            sub.closeNow(null);
        }
        subs.clear();
    }
}
