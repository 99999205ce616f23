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

    boolean offer(Job job) {
        return byLevel[job.priority.code()].offer(job);
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

    /** Removes every job and hands those that were still waiting to {@code sink}. */
    void drainTo(List<Job> sink) {
        for (JobQueue q : byLevel) {
            q.drainTo(sink);
        }
    }
}
