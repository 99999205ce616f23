package dev.switchboard.benchmarks.bus;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count written by a consumer thread and read by the measuring thread, alone on its cache lines.
 * A plain {@code AtomicLong} is 16 bytes and, once the collector has moved it, can share a line
 * with objects the publisher reads per message; every increment then costs the publisher a miss,
 * and the measurement depends on where the heap happened to put it.
 */
final class PaddedCounter {
    private static final int SLOT = 16;
    private final AtomicLongArray cells = new AtomicLongArray(2 * SLOT);

    /**
     * @return the count
     */
    long get() {
        return cells.get(SLOT);
    }

    /** Consumer only: adds one. */
    void increment() {
        cells.setRelease(SLOT, cells.getPlain(SLOT) + 1);
    }

    /**
     * Consumer only.
     *
     * @param value the new count
     */
    void set(long value) {
        cells.setRelease(SLOT, value);
    }
}
