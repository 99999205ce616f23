package dev.switchboard.concurrent.internal;

import dev.switchboard.core.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the next job from a set of {@link PriorityQueues} — a platform lane's (its workers' and
 * its submission queue sets), or a virtual lane's single set — and keeps the set's summary of which
 * priority levels are in use.
 *
 * <p>Rule: the highest non-empty priority level wins; within it the caller looks at the queue sets
 * in its own scan order (for a platform worker: its own group first, taking turns as {@link
 * ScanTurn} says, then the rest, which it steals from); but if, below that level, the head of some
 * queue has waited at least the aging threshold, the longest-waiting such head is served instead.
 * Heads are the oldest of their queue (each queue is FIFO, and jobs queued before the lane first
 * had two levels in use count as stamped at that moment), so checking heads is enough.
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
 * return a younger job of the same queue, or, when a picker holds a queue for longer than a brief
 * wait (it was descheduled while taking), pass over that queue this time.
 */
final class JobPicker {
    private final PriorityQueues[] queues;
    private final int[][] scanOrders;
    private final int[] firstGroups;
    private final Clock clock;
    private final long agingNanos;
    private final AtomicInteger levels = new AtomicInteger();

    /**
     * When two levels were first in use at once, or {@link Job#UNSTAMPED}: the stamp of the jobs
     * queued before that (see {@link Job#UNSTAMPED}). Set once.
     */
    private volatile long competingSince = Job.UNSTAMPED;

    private static final VarHandle COMPETING_SINCE;

    static {
        try {
            COMPETING_SINCE =
                    MethodHandles.lookup()
                            .findVarHandle(JobPicker.class, "competingSince", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * @param queues the queue sets picked from
     * @param scanOrders per caller, every index of {@code queues} in the order the caller looks at
     *     them
     * @param firstGroups per caller, how many leading entries of its order it takes turns to start
     *     at (its "own" queue sets, see {@link ScanTurn}); at least 1
     */
    JobPicker(
            PriorityQueues[] queues,
            int[][] scanOrders,
            int[] firstGroups,
            Clock clock,
            long agingNanos) {
        this.queues = queues;
        this.scanOrders = scanOrders;
        this.firstGroups = firstGroups;
        this.clock = clock;
        this.agingNanos = agingNanos;
    }

    /** Marks {@code level} as in use; called by a submitter after it queued a job there. */
    void levelUsed(int level) {
        int bit = 1 << level;
        for (int v = levels.get(); (v & bit) == 0; v = levels.get()) {
            if (levels.compareAndSet(v, v | bit)) {
                if (v != 0 && competingSince == Job.UNSTAMPED) {
                    COMPETING_SINCE.compareAndSet(this, Job.UNSTAMPED, clock.coarseNanoTime());
                }
                return;
            }
        }
    }

    /**
     * Whether two priority levels have ever been in use at once; from then on every job is stamped
     * when queued.
     */
    boolean competing() {
        return competingSince != Job.UNSTAMPED;
    }

    /**
     * @param self which scan order to follow (a platform worker's index; 0 for a virtual lane)
     * @param turn the caller's starting point within its first group, moved here: to where a job
     *     was found, and on by one every {@value ScanTurn#ROTATE_EVERY} picks; {@code null} to
     *     start at the first entry
     * @return the next job, or {@code null} if every queue in use was seen empty (or, briefly, held
     *     by another picker)
     */
    Object next(int self, ScanTurn turn) {
        PriorityQueues[] all = queues;
        int[] order = scanOrders[self];
        int group = firstGroups[self];
        int n = order.length;
        int start = 0;
        if (turn != null && group > 1) {
            start = turn.at;
            if ((++turn.picks & (ScanTurn.ROTATE_EVERY - 1)) == 0) {
                start = start + 1 == group ? 0 : start + 1;
                turn.at = start;
            }
        }
        for (int mask = levels.get(); mask != 0; ) {
            int level = 31 - Integer.numberOfLeadingZeros(mask);
            mask &= ~(1 << level);
            for (int k = 0; k < n; k++) {
                int at = k >= group ? k : (start + k < group ? start + k : start + k - group);
                JobQueue q = all[order[at]].byLevel[level];
                if (mask != 0) {
                    // Lower levels are in use: an aged job there may go first.
                    if (q.isEmpty()) {
                        continue;
                    }
                    Object aged = pollAged(mask, order);
                    if (aged != null) {
                        return aged;
                    }
                }
                // Relaxed (see JobQueue.tryPoll): empty at a slot a submitter has claimed but not
                // filled, or while another thread takes from q. Such a queue is not empty by its
                // indices (isEmpty), so nobody parks or exits on it (see Worker).
                Object job = q.tryPoll();
                if (job != null) {
                    if (turn != null && at < group) {
                        turn.at = at;
                    }
                    return job;
                }
            }
        }
        return null;
    }

    /** The longest-waiting job in {@code lowerLevels} that has waited at least the threshold. */
    private Object pollAged(int lowerLevels, int[] order) {
        PriorityQueues[] all = queues;
        JobQueue oldest = null;
        long oldestStamp = 0;
        long now = 0;
        boolean haveNow = false;
        for (int mask = lowerLevels; mask != 0; ) {
            int level = 31 - Integer.numberOfLeadingZeros(mask);
            mask &= ~(1 << level);
            for (int i : order) {
                JobQueue q = all[i].byLevel[level];
                Object head = q.peekHint();
                if (head == null) {
                    continue;
                }
                if (!haveNow) {
                    now = clock.nanoTime();
                    haveNow = true;
                }
                long stamp = head instanceof Job job ? job.enqueuedNanos() : Job.UNSTAMPED;
                if (stamp == Job.UNSTAMPED) {
                    // Queued before two levels were in use: its wait starts when they were.
                    stamp = competingSince;
                    if (stamp == Job.UNSTAMPED) {
                        continue;
                    }
                }
                if (now - stamp >= agingNanos && (oldest == null || stamp - oldestStamp < 0)) {
                    oldest = q;
                    oldestStamp = stamp;
                }
            }
        }
        return oldest == null ? null : oldest.tryPoll();
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
