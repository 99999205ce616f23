package dev.switchboard.client.internal;

import dev.switchboard.core.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Actions due at a time on an injected {@link Clock} (request timeouts, retry backoffs). The
 * connection's I/O thread calls {@link #tick()} every few milliseconds, so a manual clock that a
 * test advances is noticed without any help.
 *
 * <p>Thread-safety: any thread may schedule and cancel; due actions run on the ticking thread,
 * outside the lock.
 */
final class ClockTimer {
    /** A scheduled action; cancelling makes it a no-op. */
    static final class Timed {
        private final long dueNanos;
        private final long seq;
        private final Runnable action;
        private volatile boolean cancelled;

        private Timed(long dueNanos, long seq, Runnable action) {
            this.dueNanos = dueNanos;
            this.seq = seq;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }
    }

    private static final int PURGE_MIN_SIZE = 1024;

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Timed> queue =
            new PriorityQueue<>(
                    (a, b) ->
                            a.dueNanos != b.dueNanos
                                    ? Long.compare(a.dueNanos - b.dueNanos, 0)
                                    : Long.compare(a.seq, b.seq));
    private long seq;
    private long errors;

    ClockTimer(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /**
     * @param delayNanos how long from now, on the clock
     * @param action what to run (idempotent, cheap)
     * @return a handle to cancel it
     */
    Timed schedule(long delayNanos, Runnable action) {
        long due = clock.nanoTime() + delayNanos;
        lock.lock();
        try {
            Timed t = new Timed(due, seq++, action);
            queue.add(t);
            if (queue.size() >= PURGE_MIN_SIZE && queue.size() % PURGE_MIN_SIZE == 0) {
                // Completed requests cancel their timeouts; drop them in bulk.
                queue.removeIf(x -> x.cancelled);
            }
            return t;
        } finally {
            lock.unlock();
        }
    }

    /** Runs what is due. An action that throws is counted and does not stop the others. */
    void tick() {
        long now = clock.nanoTime();
        List<Runnable> due = null;
        lock.lock();
        try {
            Timed head;
            while ((head = queue.peek()) != null && head.dueNanos - now <= 0) {
                Timed t = queue.poll();
                if (!t.cancelled) {
                    if (due == null) {
                        due = new ArrayList<>();
                    }
                    due.add(t.action);
                }
            }
        } finally {
            lock.unlock();
        }
        if (due != null) {
            for (Runnable r : due) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    errors++;
                }
            }
        }
    }

    long errors() {
        return errors;
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
