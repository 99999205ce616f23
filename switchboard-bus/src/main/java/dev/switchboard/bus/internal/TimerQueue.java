package dev.switchboard.bus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Actions due at a time on the bus clock (request timeouts, retry backoffs), run by {@link
 * #runDue(long)} from whichever thread ticks the bus. Actions must be idempotent and cheap: a
 * timeout whose request already completed stays queued until due and then does nothing.
 *
 * <p>Thread-safety: any thread may schedule and tick; due actions run outside the lock.
 */
public final class TimerQueue {
    /** A scheduled action; {@link #cancel()} makes it a no-op and lets the queue drop it. */
    public static final class Timed {
        private final long dueNanos;
        private final long seq;
        private final Runnable action;
        private volatile boolean cancelled;
        private TimerQueue owner;

        private Timed(long dueNanos, long seq, Runnable action, TimerQueue owner) {
            this.dueNanos = dueNanos;
            this.seq = seq;
            this.action = action;
            this.owner = owner;
        }

        /** Cancels the action if it has not run; cheap, and safe from any thread. */
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                TimerQueue q = owner;
                if (q != null) {
                    q.cancelledCount.incrementAndGet();
                }
            }
        }
    }

    // Completed requests cancel their timeouts; purging them in bulk keeps the heap at the size
    // of what is really pending instead of growing with the request rate times the timeout.
    private static final int PURGE_MIN_SIZE = 1024;
    private final java.util.concurrent.atomic.AtomicInteger cancelledCount =
            new java.util.concurrent.atomic.AtomicInteger();

    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Timed> queue =
            new PriorityQueue<>(
                    (a, b) ->
                            a.dueNanos != b.dueNanos
                                    ? Long.compare(a.dueNanos - b.dueNanos, 0)
                                    : Long.compare(a.seq, b.seq));
    private long seq;

    /**
     * @param dueNanos when to run, on the bus clock's {@code nanoTime()} scale
     * @param action what to run
     */
    public Timed schedule(long dueNanos, Runnable action) {
        lock.lock();
        try {
            Timed t = new Timed(dueNanos, seq++, action, this);
            queue.add(t);
            int size = queue.size();
            if (size >= PURGE_MIN_SIZE && cancelledCount.get() * 2 > size) {
                queue.removeIf(x -> x.cancelled);
                cancelledCount.set(0);
            }
            return t;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs every action due at or before {@code nowNanos}, in due order.
     *
     * @param nowNanos the clock's current {@code nanoTime()}
     * @return how many ran
     * @throws RuntimeException the first exception an action threw, after all due actions ran
     */
    public int runDue(long nowNanos) {
        List<Runnable> due = new ArrayList<>();
        lock.lock();
        try {
            Timed head;
            while ((head = queue.peek()) != null && head.dueNanos - nowNanos <= 0) {
                Timed t = queue.poll();
                if (!t.cancelled) {
                    due.add(t.action);
                }
            }
        } finally {
            lock.unlock();
        }
        RuntimeException first = null;
        for (Runnable r : due) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // One broken action must not starve the others that are due.
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return due.size();
    }

    /**
     * @return how many actions are waiting
     */
    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
