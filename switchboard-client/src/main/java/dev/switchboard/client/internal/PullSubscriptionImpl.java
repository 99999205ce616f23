package dev.switchboard.client.internal;

import dev.switchboard.client.Msg;
import dev.switchboard.client.PullSubscription;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.protocol.Headers;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A subscription whose messages wait in a queue until the application takes them. An end marker
 * behind the last message wakes every waiting reader once the subscription has ended, and stays at
 * the head of the queue for later ones.
 *
 * <p>Design note. The I/O thread collects the messages of one socket read in a batch and queues the
 * batch as one element at the end of the read ({@link ClientConnection#readComplete}): the queue's
 * lock is taken and a waiting reader woken once per read, not once per message (a wake-up per
 * message held stream replay to about 0.5 M msgs/s; a lock on each side per message cost a quarter
 * of the I/O thread and of the reader at 1 M msgs/s). Readers take messages from the batch at the
 * head one by one ({@link #next}) or many at a time ({@link #drain}, for pull consumers).
 */
final class PullSubscriptionImpl extends AbstractSubscription implements PullSubscription {
    private static final Msg END = new Msg(0, "_END", null, Headers.EMPTY, new byte[0], null);
    private static final Msg[] NONE = new Msg[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Object> queue = new ArrayDeque<>(); // a Msg or a Msg[]; under lock
    private Msg[] head = NONE; // under lock: the batch being read
    private int headAt;
    private boolean endQueued; // under lock
    private final ArrayList<Msg> batch = new ArrayList<>(); // I/O thread only

    PullSubscriptionImpl(ClientConnection conn, int sid, String pattern, SubscribeOptions options) {
        super(conn, sid, pattern, options);
    }

    @Override
    void enqueue(Msg msg) {
        if (!conn.loop.inEventLoop()) {
            offer(msg);
            return;
        }
        if (batch.isEmpty()) {
            conn.queueAtReadComplete(this);
        }
        batch.add(msg);
    }

    /** I/O thread, at the end of a read: queues what the read brought, with one wake-up. */
    void publishBatch() {
        if (!batch.isEmpty()) {
            offer(batch.size() == 1 ? batch.get(0) : batch.toArray(NONE));
            batch.clear();
        }
    }

    private void offer(Object element) {
        boolean ended;
        lock.lock();
        try {
            ended = endQueued;
            if (!ended) {
                queue.addLast(element);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (ended) { // closed meanwhile: nobody will read past the end
            if (element instanceof Msg m) {
                discard(m);
            } else {
                for (Msg m : (Msg[]) element) {
                    discard(m);
                }
            }
        }
    }

    @Override
    void afterClose() {
        queueEnd();
    }

    @Override
    void onFinished() {
        queueEnd();
    }

    private void queueEnd() {
        if (conn.loop.inEventLoop()) {
            publishBatch(); // what was read before the end stays readable
        }
        lock.lock();
        try {
            if (!endQueued) {
                endQueued = true;
                queue.addLast(END);
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next message, or {@link #END} (left in place for the next reader), or null. */
    private Msg pollLocked() {
        if (headAt < head.length) {
            Msg m = head[headAt];
            head[headAt++] = null;
            return m;
        }
        Object e = queue.peekFirst();
        if (e == null || e == END) {
            return (Msg) e;
        }
        queue.pollFirst();
        if (e instanceof Msg m) {
            return m;
        }
        head = (Msg[]) e;
        headAt = 1;
        Msg m = head[0];
        head[0] = null;
        return m;
    }

    private boolean emptyLocked() {
        return headAt >= head.length && queue.isEmpty();
    }

    /**
     * Takes the next message, waiting up to {@code nanos} for one (not at all if not positive).
     *
     * @return the message, or {@code null} if none came in time or the subscription has ended
     */
    private Msg poll(long nanos) throws InterruptedException {
        Msg m;
        lock.lockInterruptibly();
        try {
            while ((m = pollLocked()) == null) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            if (m == END) {
                notEmpty.signalAll();
                return null;
            }
            if (!emptyLocked()) {
                notEmpty.signal(); // more for another waiting reader
            }
        } finally {
            lock.unlock();
        }
        taken(m);
        return m;
    }

    /**
     * Takes up to {@code max} messages, in order, waiting up to {@code nanos} for the first and not
     * at all for the rest; counts them taken in one update.
     *
     * @param out where they go
     * @param max the most to take; positive
     * @param nanos how long to wait for the first
     * @return how many were taken: 0 if none came in time or the subscription has ended
     * @throws InterruptedException if interrupted while waiting
     */
    int drain(List<Msg> out, int max, long nanos) throws InterruptedException {
        int n = 0;
        long bytes = 0;
        lock.lockInterruptibly();
        try {
            Msg m;
            while ((m = pollLocked()) == null) {
                if (nanos <= 0) {
                    return 0;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            while (m != null && m != END) {
                out.add(m);
                bytes += m.payload().length;
                if (++n == max) {
                    break;
                }
                m = pollLocked();
            }
            if (m == END) {
                notEmpty.signalAll();
            } else if (!emptyLocked()) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (n > 0) {
            takenBatch(n, n, bytes);
        }
        return n;
    }

    @Override
    public Msg next(Duration timeout) throws InterruptedException {
        if (timeout.isZero() || timeout.isNegative()) {
            return poll(0);
        }
        BlockingWait.refuseOnIoThread(conn, "waiting for the next message");
        return poll(timeout.toNanos());
    }

    private boolean isEmpty() {
        lock.lock();
        try {
            return emptyLocked();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Iterator<Msg> iterator() {
        return new Iterator<>() {
            private Msg next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (done) {
                    return false;
                }
                if (isEmpty()) {
                    BlockingWait.refuseOnIoThread(conn, "waiting for the next message");
                }
                try {
                    next = poll(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done = next == null;
                return !done;
            }

            @Override
            public Msg next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Msg m = next;
                next = null;
                return m;
            }
        };
    }
}
