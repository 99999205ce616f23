package dev.switchboard.client.internal;

import dev.switchboard.client.Msg;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.client.Subscription;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.QueueMode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What handler, pull and inbox subscriptions share: identity, the SUB frame, the pending limits and
 * counters, and the life cycle.
 *
 * <p>Design note. The I/O thread is the only producer ({@link #onMsg}); consumers (the dispatcher
 * thread, or whoever pulls) release pending counts with {@link #taken}/{@link #discard}. States:
 * {@code ACTIVE} (subscribed, receiving) → {@code DRAINING} (UNSUB sent, still receiving what was
 * on the way) → {@code ENDING} (no longer receiving; pending messages still handled or taken) →
 * {@code CLOSED}. {@link #finished()} completes once the subscription is no longer receiving and
 * nothing is pending. Only ACTIVE subscriptions are sent again after a reconnect.
 */
abstract class AbstractSubscription implements Subscription {
    enum State {
        ACTIVE,
        DRAINING,
        ENDING,
        CLOSED
    }

    final ClientConnection conn;
    private final int sid;
    private final String pattern;
    private final String queueGroup;
    private final QueueMode mode;
    private final String hashHeader;
    private final int maxMessages;
    private final long maxBytes;

    volatile State state = State.ACTIVE;
    // Pending = handed over - released. The I/O thread alone writes the "handed" counters (plain
    // ordered stores); consumers add to the "released" ones. They sit 64 bytes apart so the two
    // threads do not fight over one cache line per message.
    private static final int HANDED_MSGS = 8;
    private static final int HANDED_BYTES = 16;
    private static final int RELEASED_MSGS = 24;
    private static final int RELEASED_BYTES = 32;
    private final AtomicLongArray counters = new AtomicLongArray(41);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong remaining = new AtomicLong(-1);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private volatile boolean slow;
    private volatile ProtocolException error;

    /**
     * The session generation this subscription was last sent on; guarded by the connection lock.
     */
    long subscribedGen = -1;

    AbstractSubscription(ClientConnection conn, int sid, String pattern, SubscribeOptions options) {
        this.conn = conn;
        this.sid = sid;
        this.pattern = pattern;
        this.queueGroup = options.queueGroup().orElse(null);
        this.mode = options.queueMode();
        this.hashHeader = options.hashHeader();
        this.maxMessages =
                options.pendingMessages() > 0
                        ? options.pendingMessages()
                        : conn.options().pendingMessages();
        this.maxBytes =
                options.pendingBytes() > 0 ? options.pendingBytes() : conn.options().pendingBytes();
    }

    Frame.Sub subFrame() {
        return new Frame.Sub(sid, pattern, queueGroup, mode, hashHeader);
    }

    /**
     * @return the messages still allowed by {@link #autoUnsubscribe}, or -1 for no limit
     */
    long remaining() {
        return remaining.get();
    }

    /** Hands a message to the consumer. I/O thread. */
    abstract void enqueue(Msg msg);

    /**
     * @return whether it is a reply inbox of the client itself, which a connection drain keeps
     *     until the end (replies to what was sent before may still arrive)
     */
    boolean isReplyInbox() {
        return false;
    }

    /** Called once when it has ended and nothing is pending. */
    void onFinished() {}

    /** I/O thread: a MSG for this subscription. */
    void onMsg(Frame.Msg f) {
        State s = state;
        if (s == State.CLOSED || s == State.ENDING) {
            return;
        }
        long left = remaining.get();
        if (left > 0) {
            left = remaining.decrementAndGet();
        }
        int len = f.payload().length;
        long pendingMsgs = pendingMessagesCount();
        long pendingBytesNow = pendingBytesCount();
        if (pendingMsgs >= maxMessages || pendingBytesNow + len > maxBytes) {
            dropped.increment();
            boolean first = !slow;
            if (first) {
                slow = true;
            }
            conn.dropped(this, first, (int) pendingMsgs, pendingBytesNow);
        } else {
            if (slow) {
                // Written only when it changes: a volatile store is a full fence, and the
                // dispatcher reads this object's other fields on every message.
                slow = false;
            }
            counters.lazySet(HANDED_MSGS, counters.get(HANDED_MSGS) + 1);
            counters.lazySet(HANDED_BYTES, counters.get(HANDED_BYTES) + len);
            enqueue(new Msg(sid, f.subject(), f.replyTo(), f.headers(), f.payload(), conn));
        }
        if (left == 0) {
            // The server ended it after this message (UNSUB with a maximum).
            conn.forget(this);
            end();
        }
    }

    /** A consumer finished with a message it was handed. */
    final void taken(Msg msg) {
        delivered.increment();
        release(1, msg.payload().length);
    }

    /**
     * A consumer finished with a run of messages it was handed, some delivered and the rest
     * discarded: one update of the pending counters for the run.
     */
    final void takenBatch(int messages, int deliveredCount, long bytes) {
        if (deliveredCount > 0) {
            delivered.add(deliveredCount);
        }
        release(messages, bytes);
    }

    private long pendingMessagesCount() {
        return counters.get(HANDED_MSGS) - counters.get(RELEASED_MSGS);
    }

    private long pendingBytesCount() {
        return counters.get(HANDED_BYTES) - counters.get(RELEASED_BYTES);
    }

    /** A message handed over but never delivered (unsubscribed, connection closed). */
    final void discard(Msg msg) {
        release(1, msg.payload().length);
    }

    private void release(int messages, long bytes) {
        counters.addAndGet(RELEASED_BYTES, bytes);
        long released = counters.addAndGet(RELEASED_MSGS, messages);
        if (state != State.ACTIVE && released == counters.get(HANDED_MSGS)) {
            checkFinished(); // only an ending subscription can finish
        }
    }

    /** Stops receiving; pending messages are still handled or taken. */
    final void end() {
        if (state != State.CLOSED) {
            state = State.ENDING;
        }
        checkFinished();
    }

    /** Stops at once (unsubscribe, refusal, close). */
    final void closeNow(ProtocolException why) {
        if (why != null && error == null) {
            error = why;
        }
        state = State.CLOSED;
        checkFinished();
        afterClose();
    }

    /** Hook after {@link #closeNow}: a pull subscription wakes its readers. */
    void afterClose() {}

    private void checkFinished() {
        State s = state;
        if ((s == State.ENDING || s == State.CLOSED)
                && pendingMessagesCount() <= 0
                && finishing.compareAndSet(false, true)) {
            state = State.CLOSED;
            onFinished();
            finished.complete(null);
        }
    }

    /** Completes when it no longer receives and nothing is pending. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    @Override
    public int sid() {
        return sid;
    }

    @Override
    public String pattern() {
        return pattern;
    }

    @Override
    public Optional<String> queueGroup() {
        return Optional.ofNullable(queueGroup);
    }

    @Override
    public void unsubscribe() {
        if (state == State.CLOSED) {
            return;
        }
        try {
            conn.unsubscribe(this, 0);
        } finally {
            // Even if the UNSUB could not be queued (an inline handler, a full buffer).
            closeNow(null);
        }
    }

    @Override
    public void autoUnsubscribe(long maxMessages) {
        if (maxMessages < 1 || maxMessages > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(
                    "maxMessages must be in [1, 2^32-1], got " + maxMessages);
        }
        if (state != State.ACTIVE) {
            return;
        }
        remaining.set(maxMessages);
        conn.unsubscribe(this, maxMessages);
    }

    @Override
    public CompletableFuture<Void> drain(Duration timeout) {
        return conn.drainSubscription(this, timeout);
    }

    @Override
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    @Override
    public Optional<ProtocolException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public long delivered() {
        return delivered.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public int pendingMessages() {
        return (int) Math.max(0, pendingMessagesCount());
    }

    @Override
    public long pendingBytes() {
        return Math.max(0, pendingBytesCount());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName()
                + "[sid="
                + sid
                + ", pattern="
                + pattern
                + (queueGroup == null ? "" : ", group=" + queueGroup)
                + ", state="
                + state
                + "]";
    }
}
