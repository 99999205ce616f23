package dev.switchboard.client;

import dev.switchboard.protocol.QueueMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-subscription settings: queue group and how it picks a member, and the pending limits that
 * bound what the client buffers for a subscription that falls behind. Immutable; build with {@link
 * #builder()}, whose setters validate at once.
 *
 * <p>Defaults: no queue group; the connection's pending limits ({@link
 * ClientOptions#pendingMessages()}, {@link ClientOptions#pendingBytes()}). A message past either
 * limit is dropped, counted, and announced with a {@link ConnectionEvent.Type#SLOW_CONSUMER} event.
 */
public final class SubscribeOptions {
    private static final SubscribeOptions DEFAULTS = builder().build();

    private final String queueGroup;
    private final QueueMode queueMode;
    private final String hashHeader;
    private final int pendingMessages;
    private final long pendingBytes;
    private final boolean inline;

    private SubscribeOptions(Builder b) {
        this.queueGroup = b.queueGroup;
        this.queueMode = b.queueMode;
        this.hashHeader = b.hashHeader;
        this.pendingMessages = b.pendingMessages;
        this.pendingBytes = b.pendingBytes;
        this.inline = b.inline;
    }

    /**
     * @return the defaults
     */
    public static SubscribeOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder starting from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the queue group, if any
     */
    public Optional<String> queueGroup() {
        return Optional.ofNullable(queueGroup);
    }

    /**
     * @return how the group picks a member (meaningful only with a group)
     */
    public QueueMode queueMode() {
        return queueMode;
    }

    /**
     * @return the header {@link QueueMode#HASH} hashes, or {@code null}
     */
    public String hashHeader() {
        return hashHeader;
    }

    /**
     * @return the pending limit in messages; 0 for the connection's default
     */
    public int pendingMessages() {
        return pendingMessages;
    }

    /**
     * @return the pending limit in payload bytes; 0 for the connection's default
     */
    public long pendingBytes() {
        return pendingBytes;
    }

    /**
     * @return whether the handler runs on the connection's I/O thread ({@link Builder#inline})
     */
    public boolean inline() {
        return inline;
    }

    /** Builds {@link SubscribeOptions}. Not thread-safe. */
    public static final class Builder {
        private String queueGroup;
        private QueueMode queueMode = QueueMode.ROUND_ROBIN;
        private String hashHeader;
        private int pendingMessages;
        private long pendingBytes;
        private boolean inline;

        private Builder() {}

        /**
         * Joins a queue group whose members take turns ({@link QueueMode#ROUND_ROBIN}).
         *
         * @param name the group: not empty, no whitespace
         * @return this builder
         */
        public Builder queueGroup(String name) {
            return queueGroup(name, QueueMode.ROUND_ROBIN);
        }

        /**
         * Joins a queue group. Use {@link #hashGroup} for {@link QueueMode#HASH}.
         *
         * @param name the group: not empty, no whitespace
         * @param mode how the group picks a member; must agree with the group's other members
         * @return this builder
         */
        public Builder queueGroup(String name, QueueMode mode) {
            Objects.requireNonNull(mode, "mode");
            if (mode == QueueMode.HASH) {
                throw new IllegalArgumentException(
                        "QueueMode.HASH needs a header: use hashGroup(name, header)");
            }
            this.queueGroup = checkGroup(name);
            this.queueMode = mode;
            this.hashHeader = null;
            return this;
        }

        /**
         * Joins a queue group that routes by a hash of one header's value: the same value reaches
         * the same member.
         *
         * @param name the group
         * @param header the header to hash
         * @return this builder
         */
        public Builder hashGroup(String name, String header) {
            if (header == null || header.isEmpty()) {
                throw new IllegalArgumentException("hash header must not be empty");
            }
            this.queueGroup = checkGroup(name);
            this.queueMode = QueueMode.HASH;
            this.hashHeader = header;
            return this;
        }

        /**
         * @param messages the pending limit in messages, at least 1
         * @param bytes the pending limit in payload bytes, at least 1
         * @return this builder
         */
        public Builder pendingLimits(int messages, long bytes) {
            if (messages < 1 || bytes < 1) {
                throw new IllegalArgumentException(
                        "pending limits must be >= 1, got "
                                + messages
                                + " messages, "
                                + bytes
                                + " bytes");
            }
            this.pendingMessages = messages;
            this.pendingBytes = bytes;
            return this;
        }

        /**
         * Runs the handler on the connection's I/O thread as each message is read, instead of
         * handing it to the connection's dispatcher thread. That saves a thread hand-off per
         * message and, for a responder, another one for its reply (together about 40-60 µs of a
         * request/reply round trip on 2 vCPUs, docs/BENCHMARKS.md).
         *
         * <p>The handler must be quick and must not block: while it runs the connection reads and
         * writes nothing, for every subscription. Blocking calls on the connection from it ({@link
         * Connection#requestBlocking}, {@link Connection#flush}, the blocking stream calls) throw
         * {@link IllegalStateException}, and a publish that finds the publish buffer full throws
         * {@link BufferFullException} at once instead of waiting for room. Waiting on a future from
         * such a handler ({@code request(...).get()}) never ends: its answer would be read by the
         * thread that waits. {@link Connection#close()} from it does not flush what is buffered.
         * Handlers of message subscriptions only; ignored by pull subscriptions.
         *
         * @param on whether to run handlers on the I/O thread (default false)
         * @return this builder
         */
        public Builder inline(boolean on) {
            this.inline = on;
            return this;
        }

        /**
         * @return the options
         */
        public SubscribeOptions build() {
            return new SubscribeOptions(this);
        }

        private static String checkGroup(String name) {
            if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException(
                        "queue group name must be non-empty without whitespace: '" + name + "'");
            }
            return name;
        }
    }
}
