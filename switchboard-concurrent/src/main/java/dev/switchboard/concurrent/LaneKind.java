package dev.switchboard.concurrent;

/** What runs a lane's jobs. */
public enum LaneKind {
    /**
     * A fixed set of platform-thread workers, each with its own bounded queues; idle workers steal
     * from busy ones. For CPU-bound, short jobs.
     */
    PLATFORM,
    /**
     * Virtual threads, at most a fixed number at once, fed from one bounded queue. For jobs that
     * block (I/O, locks, sleeps) without tying up a platform thread each.
     */
    VIRTUAL
}
