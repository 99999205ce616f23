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
    private record Timed(long dueNanos, long seq, Runnable action) {}

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
    public void schedule(long dueNanos, Runnable action) {
        lock.lock();
        try {
            queue.add(new Timed(dueNanos, seq++, action));
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
                due.add(queue.poll().action);
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
