package dev.switchboard.concurrent.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An int with atomic access on a cache line of its own: a {@link JobQueue}'s take lock, which the
 * taking worker writes twice per job while submitters read fields allocated next to it on every
 * job. The methods mean what {@link java.util.concurrent.atomic.AtomicInteger}'s of the same name
 * mean.
 *
 * <p>Design note — why padding: the lock was a field of the 24-byte queue object, so it shared a
 * cache line with what every submission and every take reads first: the queue object's reference to
 * its JCTools queue, and that queue's array reference and mask, allocated right after it. Each
 * take's compare-and-set and release then cost the submitters a miss, and the worker a line to win
 * back. With the lock on a line of its own, fire-and-forget submission from 4 threads ran 1.32×
 * faster (bin/bench-ab, ten pairs; docs/BENCHMARKS.md, session 12). Padding the idle-worker counts
 * and the level mask the same way measured no gain (0.98×), so they stay plain {@code
 * AtomicInteger}s. The value sits in the middle of an {@code int[32]}: 64 bytes of the same array
 * before it and 60 after, so no other object's data can share its 64-byte line, whatever the
 * array's alignment and wherever the collector moves it.
 */
final class PaddedInt {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);

    /** The value's index: 16 ints (64 bytes) of padding before it, 15 after. */
    private static final int AT = 16;

    private final int[] cells = new int[2 * AT];

    int getOpaque() {
        return (int) SLOT.getOpaque(cells, AT);
    }

    void setRelease(int value) {
        SLOT.setRelease(cells, AT, value);
    }

    boolean compareAndSet(int expected, int value) {
        return SLOT.compareAndSet(cells, AT, expected, value);
    }
}
