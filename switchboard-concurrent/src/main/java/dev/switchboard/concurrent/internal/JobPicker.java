package dev.switchboard.concurrent.internal;

import dev.switchboard.core.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the next job from a set of {@link PriorityQueues} — a platform lane's workers, own queues
 * first, or a virtual lane's single set — and keeps the set's summary of which priority levels are
 * in use.
 *
 * <p>Rule: the highest non-empty priority level wins, own queue before the others' (the others' are
 * stolen from); but if, below that level, the head of some queue has waited at least the aging
 * threshold, the longest-waiting such head is served instead. Heads are the oldest of their queue
 * (each queue is FIFO), so checking heads is enough.
 *
 * <p>Design note — the level mask: {@link #levels} has a bit per priority level that may hold jobs.
 * A submitter sets its level's bit after queueing (a read, and a CAS only if the bit is missing); a
 * picker scans only levels whose bit is set, so a lane that uses one or two priorities never looks
 * at the other queues and never reads the clock for aging. Bits are cleared only by a thread about
 * to go idle ({@link #retireEmptyLevels()}): it clears an empty level's bit, then looks at that
 * level again and sets the bit back if a job slipped in. Both sides write before they read
 * (sequentially consistent), so a queued job always has its bit set or is seen by the re-check.
 *
 * <p>Thread-safe; any number of threads may pick at once. Races with other pickers only make a poll
 * come back empty or return a younger job of the same queue.
 */
final class JobPicker {
    private final PriorityQueues[] queues;
    private final Clock clock;
    private final long agingNanos;
    private final AtomicInteger levels = new AtomicInteger();

    JobPicker(PriorityQueues[] queues, Clock clock, long agingNanos) {
        this.queues = queues;
        this.clock = clock;
        this.agingNanos = agingNanos;
    }

    /** Marks {@code level} as in use; called by a submitter after it queued a job there. */
    void levelUsed(int level) {
        int bit = 1 << level;
        for (int v = levels.get(); (v & bit) == 0; v = levels.get()) {
            if (levels.compareAndSet(v, v | bit)) {
                return;
            }
        }
    }

    /**
     * @param self index of the caller's own queues (searched first)
     * @return the next job, or {@code null} if every queue in use was seen empty
     */
    Job<?> next(int self) {
        PriorityQueues[] all = queues;
        int n = all.length;
        for (int mask = levels.get(); mask != 0; ) {
            int level = 31 - Integer.numberOfLeadingZeros(mask);
            mask &= ~(1 << level);
            for (int k = 0, i = self; k < n; k++, i = (i + 1 == n ? 0 : i + 1)) {
                JobQueue q = all[i].byLevel[level];
                if (mask != 0) {
                    // Lower levels are in use: an aged job there may go first.
                    if (q.isEmpty()) {
                        continue;
                    }
                    Job<?> aged = pollAged(mask, self);
                    if (aged != null) {
                        return aged;
                    }
                }
                Job<?> job = q.poll();
                if (job != null) {
                    return job;
                }
            }
        }
        return null;
    }

    /** The longest-waiting job in {@code lowerLevels} that has waited at least the threshold. */
    private Job<?> pollAged(int lowerLevels, int self) {
        PriorityQueues[] all = queues;
        int n = all.length;
        JobQueue oldest = null;
        long oldestStamp = 0;
        long now = 0;
        boolean haveNow = false;
        for (int mask = lowerLevels; mask != 0; ) {
            int level = 31 - Integer.numberOfLeadingZeros(mask);
            mask &= ~(1 << level);
            for (int k = 0, i = self; k < n; k++, i = (i + 1 == n ? 0 : i + 1)) {
                JobQueue q = all[i].byLevel[level];
                Job<?> head = q.relaxedPeek();
                if (head == null) {
                    continue;
                }
                if (!haveNow) {
                    now = clock.nanoTime();
                    haveNow = true;
                }
                long stamp = head.enqueuedNanos;
                if (now - stamp >= agingNanos && (oldest == null || stamp - oldestStamp < 0)) {
                    oldest = q;
                    oldestStamp = stamp;
                }
            }
        }
        return oldest == null ? null : oldest.poll();
    }

    /**
     * Whether any level in use holds a job. Sees every job queued before the call, because a
     * submitter sets the level bit before it looks for idle threads to wake.
     */
    boolean hasWork() {
        for (int mask = levels.get(); mask != 0; ) {
            int level = 31 - Integer.numberOfLeadingZeros(mask);
            mask &= ~(1 << level);
            if (!levelEmpty(level)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Clears the bits of levels that are empty, so later scans skip them; called by a thread about
     * to go idle.
     *
     * @return whether any job is queued (as {@link #hasWork()})
     */
    boolean retireEmptyLevels() {
        boolean work = false;
        for (int mask = levels.get(); mask != 0; ) {
            int level = 31 - Integer.numberOfLeadingZeros(mask);
            int bit = 1 << level;
            mask &= ~bit;
            if (!levelEmpty(level)) {
                work = true;
                continue;
            }
            levels.getAndUpdate(v -> v & ~bit);
            if (!levelEmpty(level)) {
                levelUsed(level);
                work = true;
            }
        }
        return work;
    }

    private boolean levelEmpty(int level) {
        for (PriorityQueues pq : queues) {
            if (!pq.byLevel[level].isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
