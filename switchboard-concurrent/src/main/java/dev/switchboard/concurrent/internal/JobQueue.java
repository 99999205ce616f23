package dev.switchboard.concurrent.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * One bounded queue of jobs of one priority: JCTools' array-backed multi-producer single-consumer
 * queue, with a try-lock that makes whichever thread holds it the single consumer for one take.
 * Submitters offer without locks; the owner, thieves and {@code shutdownNow} take through {@link
 * #tryPoll()} or {@link #drainTo}. The {@code atomic} variant (VarHandle-backed atomics instead of
 * {@code sun.misc.Unsafe}) prints no Unsafe deprecation warning on JDK 24+ nor breaks when Unsafe
 * memory access is denied.
 *
 * <p>Design note — why not a multi-consumer queue: JCTools' MPMC array queue keeps a sequence
 * number per slot that the producer reads and writes and the consumer writes, so each job moved one
 * more cache line between the submitting and the running core. Here a take costs one
 * compare-and-set on a lock word that usually stays in the taking worker's cache (each submission
 * queue mostly has one taker, its first-in-line worker), and a submitter touches only the slot. A
 * thief that finds the lock held moves on, as it would after losing a race for the head.
 */
final class JobQueue extends MpscAtomicArrayQueue<Job> {
    private static final VarHandle TAKING;

    static {
        try {
            TAKING = MethodHandles.lookup().findVarHandle(JobQueue.class, "taking", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through TAKING
    private volatile int taking;

    /**
     * @param capacity at least 2; rounded up to a power of two
     */
    JobQueue(int capacity) {
        super(capacity);
    }

    /**
     * Takes the head job, if there is one and no other thread is taking from this queue right now.
     * Relaxed: a slot a submitter has claimed but not filled yet reads as empty (so the caller
     * moves on to other queues instead of spinning behind a descheduled submitter); such a queue is
     * not {@link #isEmpty() empty} by its indices.
     *
     * @return the head, or {@code null}
     */
    Job tryPoll() {
        // Looks before it locks: scans pass over many empty queues, and must not write to them.
        if (relaxedPeek() == null
                || (int) TAKING.getOpaque(this) != 0
                || !TAKING.compareAndSet(this, 0, 1)) {
            return null;
        }
        try {
            return relaxedPoll();
        } finally {
            TAKING.setRelease(this, 0);
        }
    }

    /**
     * The head job, or {@code null}; from any thread, as a hint (another thread may take it at
     * once).
     */
    Job peekHint() {
        return relaxedPeek();
    }

    /**
     * Removes every job, waiting for a taker that holds the lock and for slots being filled, and
     * hands those that were still waiting to {@code sink}.
     */
    void drainTo(List<Job> sink) {
        while (!TAKING.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
        try {
            Job job;
            while ((job = poll()) != null) {
                if (job.drain()) {
                    sink.add(job);
                }
            }
        } finally {
            TAKING.setRelease(this, 0);
        }
    }
}
