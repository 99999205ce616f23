package dev.switchboard.concurrent.internal;

/**
 * Where one platform worker starts its next scan within its first group of queue sets (see {@link
 * JobPicker#next(int, ScanTurn)}): at the queue set it last took a job from, so a busy queue keeps
 * its consumer; and every {@value #ROTATE_EVERY} calls (picks and empty scans alike) one further
 * on, so that no queue set of the group waits behind another that never runs empty for more than
 * about that many picks per queue set. Owned by its worker thread.
 */
final class ScanTurn {
    /** Calls between two moves of the starting point; a power of two. */
    static final int ROTATE_EVERY = 32;

    /** The starting position within the group. */
    int at;

    /** Calls so far, for the rotation. */
    int picks;
}
