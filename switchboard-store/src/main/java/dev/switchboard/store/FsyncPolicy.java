package dev.switchboard.store;

import java.time.Duration;
import java.util.Objects;

/**
 * When a stream's appended records reach the disk, and therefore when an append counts as durable
 * (its {@link AppendListener} is called).
 *
 * @param mode the policy
 * @param interval for {@link Mode#INTERVAL}, how often the writer syncs; {@link Duration#ZERO}
 *     otherwise
 */
public record FsyncPolicy(Mode mode, Duration interval) {
    /** The policies. */
    public enum Mode {
        /**
         * The default: an append is durable only after its record is fsynced. Concurrent appends
         * share one fsync (group commit).
         */
        ALWAYS,
        /**
         * The writer fsyncs every {@code interval}; an append is reported durable once written to
         * the operating system, before it is on disk. A machine crash (not a process crash) can
         * lose up to one interval of acknowledged appends.
         */
        INTERVAL,
        /**
         * Never fsync explicitly; the operating system writes back when it likes. Appends are
         * reported once written to the operating system.
         */
        NEVER
    }

    /** Checks the fields. */
    public FsyncPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        if (mode == Mode.INTERVAL && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("fsync interval must be > 0, got " + interval);
        }
        if (mode != Mode.INTERVAL && !interval.isZero()) {
            throw new IllegalArgumentException("only the INTERVAL policy takes an interval");
        }
    }

    /**
     * @return fsync before an append is reported durable (the default)
     */
    public static FsyncPolicy always() {
        return new FsyncPolicy(Mode.ALWAYS, Duration.ZERO);
    }

    /**
     * @param interval how often to fsync
     * @return fsync on a timer; appends are reported before they reach the disk
     */
    public static FsyncPolicy interval(Duration interval) {
        return new FsyncPolicy(Mode.INTERVAL, interval);
    }

    /**
     * @return never fsync explicitly
     */
    public static FsyncPolicy never() {
        return new FsyncPolicy(Mode.NEVER, Duration.ZERO);
    }
}
