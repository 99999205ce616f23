package dev.switchboard.concurrent.internal;

import dev.switchboard.core.message.Priority;
import java.util.List;

/**
 * The queues of one owner (a platform worker, or a whole virtual lane): one bounded {@link
 * JobQueue} per {@link Priority} level, indexed by {@link Priority#code()}. Thread-safe: any thread
 * offers, any thread polls.
 */
final class PriorityQueues {
    static final int LEVELS = Priority.values().length;

    final JobQueue[] byLevel = new JobQueue[LEVELS];

    PriorityQueues(int capacity) {
        for (int i = 0; i < LEVELS; i++) {
            byLevel[i] = new JobQueue(capacity);
        }
    }

    boolean offer(Object entry, int level) {
        return byLevel[level].offer(entry);
    }

    boolean isEmpty() {
        for (JobQueue q : byLevel) {
            if (!q.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    int size() {
        int n = 0;
        for (JobQueue q : byLevel) {
            n += q.size();
        }
        return n;
    }

    /** The real capacity of one level's queue (after rounding up). */
    int capacity() {
        return byLevel[0].capacity();
    }

    /** Removes every entry and hands what {@code shutdownNow} returns for them to {@code sink}. */
    void drainTo(List<Runnable> sink) {
        for (JobQueue q : byLevel) {
            q.drainTo(sink);
        }
    }

    /** Removes every entry, as it is, highest priority first, into {@code sink}. */
    void takeAll(List<Object> sink) {
        for (int level = LEVELS - 1; level >= 0; level--) {
            byLevel[level].takeAll(sink);
        }
    }
}
