package dev.switchboard.concurrent.internal;

import java.util.List;
import java.util.function.Consumer;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;

/**
 * One bounded queue of jobs of one priority: JCTools' array-backed multi-producer single-consumer
 * queue, with a try-lock that makes whichever thread holds it the single consumer for one take.
 * Submitters {@link #offer} without locks; the owner, thieves, virtual-lane runners and {@code
 * shutdownNow} take only through {@link #tryPoll()}, {@link #drainTo} and {@link #takeAll}. The
 * queue is wrapped, not extended, so its single-consumer methods cannot be called without the lock.
 * The VarHandle variant ({@code jctools-core-jdk11}) uses no {@code sun.misc.Unsafe}, so it prints
 * no deprecation warning on JDK 24+, and unlike the {@code atomic} variant used before it keeps the
 * slots in the queue's own array (no {@code AtomicReferenceArray} in between) and its indices in
 * plain fields (no {@code AtomicLongFieldUpdater} checks): {@code bin/bench-ab}, ten pairs, 1.20×
 * {@code submit} with 2 submitters and 1.09× {@code execute} with 4. Its index reads are volatile,
 * so {@link #isEmpty}, {@link #size} and {@link #peekHint} are safe from any thread.
 *
 * <p>Design note — why not a multi-consumer queue: JCTools' MPMC array queue keeps a sequence
 * number per slot that the producer reads and writes and the consumer writes, so each job moved one
 * more cache line between the submitting and the running core. Here a take costs one
 * compare-and-set on a lock word that usually stays in the taking worker's cache (each submission
 * queue mostly has one taker, its first-in-line worker), and a submitter touches only the slot.
 * Each consumer's release of the lock and the next one's compare-and-set order their accesses to
 * the consumer index. Measured single-threaded (8,000 jobs, one worker): submitting 12–16 ns and
 * taking and running 22–37 ns a job, against ForkJoinPool's 16–20 and 50–53 ns
 * (docs/BENCHMARKS.md).
 */
final class JobQueue {
    /** How long a taker waits for another taker to leave before it gives up on this queue. */
    private static final int BUSY_SPINS = 64;

    private final MpscVarHandleArrayQueue<Object> jobs;

    /** The take lock: 1 while a thread takes. On a cache line of its own (see PaddedInt). */
    private final PaddedInt taking = new PaddedInt();

    /**
     * @param capacity at least 2; rounded up to a power of two
     */
    JobQueue(int capacity) {
        this.jobs = new MpscVarHandleArrayQueue<>(capacity);
    }

    /**
     * Queues an entry, a {@link Job} or a bare fire-and-forget Runnable (see {@link
     * LaneRuntime#execute}); false if the queue is full. Any thread.
     */
    boolean offer(Object entry) {
        return jobs.offer(entry);
    }

    /**
     * Takes the head job, if there is one. If another thread is taking from this queue right now (a
     * few nanoseconds, unless it was descheduled), waits up to {@value #BUSY_SPINS} spins for it,
     * so that a worker does not pass over a busy queue to a lower priority level. Relaxed: a slot a
     * submitter has claimed but not filled yet reads as empty (so the caller moves on instead of
     * spinning behind a descheduled submitter); such a queue is not {@link #isEmpty() empty} by its
     * indices.
     *
     * @return the head, or {@code null}
     */
    Object tryPoll() {
        // Looks before it locks: scans pass over many empty queues, and must not write to them.
        for (int spins = 0; jobs.relaxedPeek() != null; spins++) {
            if (taking.getOpaque() == 0 && taking.compareAndSet(0, 1)) {
                try {
                    return jobs.relaxedPoll();
                } finally {
                    taking.setRelease(0);
                }
            }
            if (spins == BUSY_SPINS) {
                return null;
            }
            Thread.onSpinWait();
        }
        return null;
    }

    /**
     * The head job, or {@code null}; from any thread, as a hint (another thread may take it at
     * once).
     */
    Object peekHint() {
        return jobs.relaxedPeek();
    }

    /** Whether the queue is empty by its indices (a claimed but unfilled slot counts as a job). */
    boolean isEmpty() {
        return jobs.isEmpty();
    }

    int size() {
        return jobs.size();
    }

    /** The real capacity (after rounding up). */
    int capacity() {
        return jobs.capacity();
    }

    /**
     * Removes every entry, waiting for a taker that holds the lock and for slots being filled, and
     * hands what {@code shutdownNow} returns for those still waiting to {@code sink}.
     */
    void drainTo(List<Runnable> sink) {
        pollAll(
                entry -> {
                    if (!(entry instanceof Job job)) {
                        sink.add((Runnable) entry);
                    } else if (job.drain()) {
                        sink.add(job.forShutdownNow());
                    }
                });
    }

    /** Removes every entry, as it is, into {@code sink}. */
    void takeAll(List<Object> sink) {
        pollAll(sink::add);
    }

    /**
     * Under the lock, waiting for it and for slots being filled: hands every entry to {@code each}.
     */
    private void pollAll(Consumer<Object> each) {
        while (!taking.compareAndSet(0, 1)) {
            Thread.onSpinWait();
        }
        try {
            Object entry;
            while ((entry = jobs.poll()) != null) {
                each.accept(entry);
            }
        } finally {
            taking.setRelease(0);
        }
    }
}
