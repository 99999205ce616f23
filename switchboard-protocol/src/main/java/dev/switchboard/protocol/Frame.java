package dev.switchboard.protocol;

import java.util.Objects;

/**
 * A decoded frame. The broker's hot path does not build these (it reads PUB in place and forwards
 * it); clients, tests and tools do. {@link FrameCodec} turns bytes into frames and back.
 *
 * <p>Byte-array fields are owned by the frame; callers must not change them.
 */
public sealed interface Frame {
    /**
     * @return this frame's type
     */
    Opcode opcode();

    /**
     * The client's first frame.
     *
     * @param minVersion the oldest protocol version the client speaks
     * @param maxVersion the newest
     * @param name the connection's name for logs and listings (may be empty)
     * @param token credentials for the server's authenticator, or {@code null}
     * @param client the client library and version, e.g. {@code switchboard-java/0.1.0}
     * @param echo whether the client wants its own publishes delivered to its own subscriptions
     */
    record Hello(
            int minVersion, int maxVersion, String name, String token, String client, boolean echo)
            implements Frame {
        /** Checks required fields. */
        public Hello {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(client, "client");
        }

        @Override
        public Opcode opcode() {
            return Opcode.HELLO;
        }

        @Override
        public String toString() {
            // Never print the token.
            return "Hello[versions="
                    + minVersion
                    + ".."
                    + maxVersion
                    + ", name="
                    + name
                    + ", client="
                    + client
                    + ", echo="
                    + echo
                    + ", token="
                    + (token == null ? "none" : "***")
                    + "]";
        }
    }

    /**
     * The server's answer to HELLO.
     *
     * @param version the protocol version both sides now speak
     * @param serverId the server's unique id
     * @param serverName the server's configured name
     * @param serverVersion the server software's version
     * @param connectionId this connection's id on the server (in listings and advisories)
     * @param limits the limits the client must respect
     * @param maxSubscriptions the most subscriptions this connection may hold
     * @param heartbeatMs how often the server pings an idle connection; the client should too
     */
    record Welcome(
            int version,
            String serverId,
            String serverName,
            String serverVersion,
            long connectionId,
            ProtocolLimits limits,
            int maxSubscriptions,
            long heartbeatMs)
            implements Frame {
        /** Checks required fields. */
        public Welcome {
            Objects.requireNonNull(serverId, "serverId");
            Objects.requireNonNull(serverName, "serverName");
            Objects.requireNonNull(serverVersion, "serverVersion");
            Objects.requireNonNull(limits, "limits");
        }

        @Override
        public Opcode opcode() {
            return Opcode.WELCOME;
        }
    }

    /** Are you there? */
    record Ping() implements Frame {
        @Override
        public Opcode opcode() {
            return Opcode.PING;
        }
    }

    /** I am here. */
    record Pong() implements Frame {
        @Override
        public Opcode opcode() {
            return Opcode.PONG;
        }
    }

    /**
     * An error report.
     *
     * @param code the stable wire number (see {@link ErrorCode})
     * @param sid the subscription it concerns, or 0
     * @param text what went wrong
     * @param fatal whether the server closes the connection after it
     */
    record Err(int code, int sid, String text, boolean fatal) implements Frame {
        /** Checks required fields. */
        public Err {
            Objects.requireNonNull(text, "text");
        }

        /**
         * @param code the error
         * @param sid the subscription it concerns, or 0
         * @param text what went wrong
         * @return the frame, fatal as the code says
         */
        public static Err of(ErrorCode code, int sid, String text) {
            return new Err(code.code(), sid, text, code.fatal());
        }

        @Override
        public Opcode opcode() {
            return Opcode.ERR;
        }
    }

    /**
     * The server is shutting down.
     *
     * @param drainMs how long the server keeps this connection open to finish in-flight work
     * @param reason why, for logs
     */
    record GoAway(long drainMs, String reason) implements Frame {
        /** Checks required fields. */
        public GoAway {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Opcode opcode() {
            return Opcode.GOAWAY;
        }
    }

    /**
     * A publish.
     *
     * @param subject where to
     * @param replyTo the reply subject, or {@code null}
     * @param headers the encoded headers section (see {@link Headers}), possibly empty
     * @param payload the opaque payload
     * @param request whether the publisher wants a no-responders status if nobody listens
     * @param ack whether the publisher wants a stream acknowledgement on the reply subject ({@link
     *     FrameFlags#PUB_ACK})
     */
    record Pub(
            String subject,
            String replyTo,
            byte[] headers,
            byte[] payload,
            boolean request,
            boolean ack)
            implements Frame {
        /** Checks required fields. */
        public Pub {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(payload, "payload");
        }

        /**
         * A publish without a stream acknowledgement.
         *
         * @param subject where to
         * @param replyTo the reply subject, or {@code null}
         * @param headers the encoded headers section
         * @param payload the payload
         * @param request whether the publisher wants a no-responders status
         */
        public Pub(
                String subject, String replyTo, byte[] headers, byte[] payload, boolean request) {
            this(subject, replyTo, headers, payload, request, false);
        }

        /**
         * @return the flags byte this publish is sent with
         */
        public int flags() {
            return (request ? FrameFlags.PUB_REQUEST : 0) | (ack ? FrameFlags.PUB_ACK : 0);
        }

        @Override
        public Opcode opcode() {
            return Opcode.PUB;
        }
    }

    /**
     * A subscription.
     *
     * @param sid the client-chosen subscription id, unique among the connection's live ones, not 0
     * @param pattern the subject pattern
     * @param queueGroup the queue group, or {@code null}
     * @param mode the group's member choice (ignored without a group)
     * @param hashHeader the header whose value {@link QueueMode#HASH} hashes, or {@code null}
     */
    record Sub(int sid, String pattern, String queueGroup, QueueMode mode, String hashHeader)
            implements Frame {
        /** Checks required fields. */
        public Sub {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public Opcode opcode() {
            return Opcode.SUB;
        }
    }

    /**
     * The end of a subscription.
     *
     * @param sid the subscription id
     * @param maxMessages end it after this many more messages; 0 ends it now
     */
    record Unsub(int sid, long maxMessages) implements Frame {
        @Override
        public Opcode opcode() {
            return Opcode.UNSUB;
        }
    }

    /**
     * A message for a subscription.
     *
     * @param sid the subscription it is for
     * @param subject the subject it was published to
     * @param replyTo the reply subject, or {@code null}
     * @param headers the encoded headers section, possibly empty
     * @param payload the payload
     * @param noResponders whether this is the no-responders status for a request
     */
    record Msg(
            int sid,
            String subject,
            String replyTo,
            byte[] headers,
            byte[] payload,
            boolean noResponders)
            implements Frame {
        /** Checks required fields. */
        public Msg {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public Opcode opcode() {
            return Opcode.MSG;
        }
    }
}
