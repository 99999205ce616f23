package dev.switchboard.load.stream;

/**
 * A durable-stream load scenario (docs/BENCHMARKS.md, issue 6).
 *
 * @param kind what is measured
 * @param size the payload size in bytes
 * @param window for {@link Kind#PUBLISH_ASYNC}, the most publishes awaiting their acknowledgement;
 *     1 for the others
 * @param fsync what Switchboard is asked for; peers run their own durable mode whatever this says
 *     ({@link StreamTarget#durability})
 */
public record StreamScenario(Kind kind, int size, int window, Fsync fsync) {

    /** What a scenario measures. */
    public enum Kind {
        /** Publishes one at a time, each waiting for its acknowledgement (one in flight). */
        PUBLISH_SYNC,
        /** Publishes with up to {@code window} acknowledgements outstanding. */
        PUBLISH_ASYNC,
        /** Stores messages (not measured), then reads them all back through a consumer. */
        REPLAY
    }

    /** When the server may acknowledge a publish. */
    public enum Fsync {
        /** After the record is on disk (group commit). */
        ALWAYS,
        /** Before the disk; the disk is synced on a timer. */
        INTERVAL
    }

    /** Checks the ranges. */
    public StreamScenario {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, was " + window);
        }
        if (kind != Kind.PUBLISH_ASYNC && window != 1) {
            throw new IllegalArgumentException(kind + " takes a window of 1, was " + window);
        }
    }

    /**
     * @param size payload bytes
     * @param fsync Switchboard's fsync policy
     * @return sequential acknowledged publishes
     */
    public static StreamScenario publishSync(int size, Fsync fsync) {
        return new StreamScenario(Kind.PUBLISH_SYNC, size, 1, fsync);
    }

    /**
     * @param size payload bytes
     * @param window outstanding publishes
     * @param fsync Switchboard's fsync policy
     * @return windowed acknowledged publishes
     */
    public static StreamScenario publishAsync(int size, int window, Fsync fsync) {
        return new StreamScenario(Kind.PUBLISH_ASYNC, size, window, fsync);
    }

    /**
     * @param size payload bytes
     * @param fsync Switchboard's fsync policy while the messages are stored
     * @return a consumer reading the stored messages
     */
    public static StreamScenario replay(int size, Fsync fsync) {
        return new StreamScenario(Kind.REPLAY, size, 1, fsync);
    }

    /**
     * @return a short label for reports, e.g. "publish async ×1024 128 B, fsync always"
     */
    public String label() {
        String what =
                switch (kind) {
                    case PUBLISH_SYNC -> "publish sync";
                    case PUBLISH_ASYNC -> "publish async ×" + window;
                    case REPLAY -> "replay";
                };
        return what + " " + size + " B, fsync " + fsync.name().toLowerCase(java.util.Locale.ROOT);
    }
}
