package dev.switchboard.protocol.stream;

import dev.switchboard.core.message.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stream's definition, the body of {@code $SYS.API.STREAM.CREATE} and {@code UPDATE}
 * (docs/STREAMS.md). In JSON the fields are snake_case ({@code max_msgs}); absent fields take the
 * defaults, and the compact constructor turns {@code 0} limits into "none" ({@code -1}).
 *
 * @param name 1–64 characters of {@code A-Z a-z 0-9 _ -}
 * @param description free text
 * @param subjects the subject patterns the stream captures (may be empty: a stream written only by
 *     the broker, such as a dead-letter stream); no two streams may overlap
 * @param storage {@code file} (default) or {@code memory}
 * @param retention {@code limits} (default) or {@code work_queue} (a message is removed once its
 *     consumer acknowledges it)
 * @param maxMsgs the most messages kept, -1 for no limit
 * @param maxBytes the most bytes kept, -1 for no limit
 * @param maxAgeMs how long messages are kept in milliseconds, 0 for no limit
 * @param maxMsgsPerSubject the most messages per subject (1: last value), -1 for no limit
 * @param maxMsgSize the largest message accepted, -1 for no limit
 * @param discard {@code old} (default: remove the oldest) or {@code new} (refuse) when full
 * @param fsync {@code always} (default: acknowledge after fsync), {@code interval} or {@code never}
 * @param fsyncIntervalMs the interval of {@code interval}, default 1000
 * @param duplicateWindowMs how long a {@code Sb-Msg-Id} is remembered: default 120000, -1 disables
 * @param segmentBytes the segment size of file storage, default 64 MiB
 */
public record StreamConfig(
        String name,
        String description,
        List<String> subjects,
        Storage storage,
        Retention retention,
        long maxMsgs,
        long maxBytes,
        long maxAgeMs,
        long maxMsgsPerSubject,
        long maxMsgSize,
        Discard discard,
        Fsync fsync,
        long fsyncIntervalMs,
        long duplicateWindowMs,
        long segmentBytes) {

    /** Where messages are kept. */
    public enum Storage {
        /** The segment log on disk. */
        FILE,
        /** The heap; lost on restart. */
        MEMORY
    }

    /** When messages leave the stream besides the limits. */
    public enum Retention {
        /** Only by the limits. */
        LIMITS,
        /** Also once acknowledged by the stream's consumer (one consumer per work queue). */
        WORK_QUEUE
    }

    /** What a full stream does. */
    public enum Discard {
        /** Remove the oldest messages. */
        OLD,
        /** Refuse the new message ({@link ApiError#STREAM_FULL}). */
        NEW
    }

    /** When writes reach the disk. */
    public enum Fsync {
        /** Acknowledge a publish only after its record is fsynced (group commit). */
        ALWAYS,
        /** Fsync every {@code fsync_interval_ms}; acknowledged before the disk. */
        INTERVAL,
        /** Never fsync explicitly; acknowledged before the disk. */
        NEVER
    }

    /** The default {@code duplicate_window_ms}: two minutes. */
    public static final long DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

    /** The default {@code fsync_interval_ms}. */
    public static final long DEFAULT_FSYNC_INTERVAL_MS = 1_000;

    /** The default {@code segment_bytes}: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /** Applies defaults and checks every field. */
    public StreamConfig {
        checkName("stream", name);
        description = description == null ? "" : description;
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        for (String s : subjects) {
            if (s == null || !Subjects.isValidPattern(s)) {
                throw new IllegalArgumentException("subjects: '" + s + "' is not a valid pattern");
            }
            if (s.startsWith("$SYS.") || s.equals("$SYS") || s.equals(">") || s.equals("#")) {
                throw new IllegalArgumentException(
                        "subjects: '" + s + "' would capture the broker's $SYS subjects");
            }
        }
        for (int i = 0; i < subjects.size(); i++) {
            for (int j = i + 1; j < subjects.size(); j++) {
                if (Subjects.overlap(subjects.get(i), subjects.get(j))) {
                    throw new IllegalArgumentException(
                            "subjects: '"
                                    + subjects.get(i)
                                    + "' and '"
                                    + subjects.get(j)
                                    + "' overlap");
                }
            }
        }
        storage = storage == null ? Storage.FILE : storage;
        retention = retention == null ? Retention.LIMITS : retention;
        maxMsgs = limit("max_msgs", maxMsgs);
        maxBytes = limit("max_bytes", maxBytes);
        if (maxAgeMs < 0) {
            throw new IllegalArgumentException("max_age_ms must be >= 0, got " + maxAgeMs);
        }
        maxMsgsPerSubject = limit("max_msgs_per_subject", maxMsgsPerSubject);
        maxMsgSize = limit("max_msg_size", maxMsgSize);
        discard = discard == null ? Discard.OLD : discard;
        fsync = fsync == null ? Fsync.ALWAYS : fsync;
        if (fsyncIntervalMs < 0) {
            throw new IllegalArgumentException(
                    "fsync_interval_ms must be >= 0, got " + fsyncIntervalMs);
        }
        fsyncIntervalMs =
                fsync != Fsync.INTERVAL
                        ? 0
                        : fsyncIntervalMs == 0 ? DEFAULT_FSYNC_INTERVAL_MS : fsyncIntervalMs;
        if (duplicateWindowMs < -1) {
            throw new IllegalArgumentException(
                    "duplicate_window_ms must be -1 (off), 0 (default) or > 0, got "
                            + duplicateWindowMs);
        }
        duplicateWindowMs =
                duplicateWindowMs == 0 ? DEFAULT_DUPLICATE_WINDOW_MS : duplicateWindowMs;
        if (segmentBytes == 0) {
            segmentBytes = DEFAULT_SEGMENT_BYTES;
        } else if (segmentBytes < 4096) {
            throw new IllegalArgumentException(
                    "segment_bytes must be >= 4096, got " + segmentBytes);
        }
    }

    /**
     * @param name the stream's name
     * @return a builder with the defaults
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * @return a builder starting from this definition
     */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.description = description;
        b.subjects.addAll(subjects);
        b.storage = storage;
        b.retention = retention;
        b.maxMsgs = maxMsgs;
        b.maxBytes = maxBytes;
        b.maxAgeMs = maxAgeMs;
        b.maxMsgsPerSubject = maxMsgsPerSubject;
        b.maxMsgSize = maxMsgSize;
        b.discard = discard;
        b.fsync = fsync;
        b.fsyncIntervalMs = fsyncIntervalMs;
        b.duplicateWindowMs = duplicateWindowMs;
        b.segmentBytes = segmentBytes;
        return b;
    }

    static void checkName(String what, String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException(what + " name must be 1..64 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '-')) {
                throw new IllegalArgumentException(
                        what + " name may hold only A-Z a-z 0-9 _ -, got '" + name + "'");
            }
        }
    }

    private static long limit(String field, long value) {
        if (value < -1) {
            throw new IllegalArgumentException(field + " must be -1 (none) or > 0, got " + value);
        }
        return value == 0 ? -1 : value;
    }

    /** Builds a {@link StreamConfig}; {@link #build()} validates. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private final List<String> subjects = new ArrayList<>();
        private Storage storage = Storage.FILE;
        private Retention retention = Retention.LIMITS;
        private long maxMsgs = -1;
        private long maxBytes = -1;
        private long maxAgeMs;
        private long maxMsgsPerSubject = -1;
        private long maxMsgSize = -1;
        private Discard discard = Discard.OLD;
        private Fsync fsync = Fsync.ALWAYS;
        private long fsyncIntervalMs;
        private long duplicateWindowMs;
        private long segmentBytes;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * @param v free text @return this
         */
        public Builder description(String v) {
            description = v;
            return this;
        }

        /**
         * @param patterns subject patterns to capture (replacing earlier ones) @return this
         */
        public Builder subjects(String... patterns) {
            subjects.clear();
            subjects.addAll(List.of(patterns));
            return this;
        }

        /**
         * @param v file or memory @return this
         */
        public Builder storage(Storage v) {
            storage = v;
            return this;
        }

        /**
         * @param v limits or work queue @return this
         */
        public Builder retention(Retention v) {
            retention = v;
            return this;
        }

        /**
         * @param v the most messages, -1 for none @return this
         */
        public Builder maxMsgs(long v) {
            maxMsgs = v;
            return this;
        }

        /**
         * @param v the most bytes, -1 for none @return this
         */
        public Builder maxBytes(long v) {
            maxBytes = v;
            return this;
        }

        /**
         * @param v the longest age in ms, 0 for none @return this
         */
        public Builder maxAgeMs(long v) {
            maxAgeMs = v;
            return this;
        }

        /**
         * @param v the most messages per subject, -1 for none @return this
         */
        public Builder maxMsgsPerSubject(long v) {
            maxMsgsPerSubject = v;
            return this;
        }

        /**
         * @param v the largest message, -1 for none @return this
         */
        public Builder maxMsgSize(long v) {
            maxMsgSize = v;
            return this;
        }

        /**
         * @param v what a full stream does @return this
         */
        public Builder discard(Discard v) {
            discard = v;
            return this;
        }

        /**
         * @param v the fsync policy @return this
         */
        public Builder fsync(Fsync v) {
            fsync = v;
            return this;
        }

        /**
         * @param v the interval of {@link Fsync#INTERVAL} in ms @return this
         */
        public Builder fsyncIntervalMs(long v) {
            fsyncIntervalMs = v;
            return this;
        }

        /**
         * @param v the duplicate window in ms, -1 to disable @return this
         */
        public Builder duplicateWindowMs(long v) {
            duplicateWindowMs = v;
            return this;
        }

        /**
         * @param v the segment size in bytes @return this
         */
        public Builder segmentBytes(long v) {
            segmentBytes = v;
            return this;
        }

        /**
         * @return the definition
         * @throws IllegalArgumentException naming the invalid field
         */
        public StreamConfig build() {
            return new StreamConfig(
                    name,
                    description,
                    subjects,
                    storage,
                    retention,
                    maxMsgs,
                    maxBytes,
                    maxAgeMs,
                    maxMsgsPerSubject,
                    maxMsgSize,
                    discard,
                    fsync,
                    fsyncIntervalMs,
                    duplicateWindowMs,
                    segmentBytes);
        }
    }
}
