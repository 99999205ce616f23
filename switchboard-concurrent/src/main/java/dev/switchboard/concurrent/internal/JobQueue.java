package dev.switchboard.concurrent.internal;

import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

/**
 * One bounded queue of jobs of one priority: JCTools' array-backed multi-producer multi-consumer
 * queue, so the owner, thieves and submitters all use it without locks. The {@code atomic} variant
 * (VarHandle-backed atomics instead of {@code sun.misc.Unsafe}): as fast in {@code
 * SchedulerBenchmark}, and it prints no Unsafe deprecation warning on JDK 24+ nor breaks when
 * Unsafe memory access is denied. A non-generic subclass so that arrays of it need no unchecked
 * casts.
 */
final class JobQueue extends MpmcAtomicArrayQueue<Job<?>> {

    /**
     * @param capacity at least 2; rounded up to a power of two
     */
    JobQueue(int capacity) {
        super(capacity);
    }
}
